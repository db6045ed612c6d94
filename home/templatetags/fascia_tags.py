from django import template
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site

from home import jsonld
from home.models import SiteSettings

register = template.Library()


@register.filter
def jsonld_script(data):
    """{{ data|jsonld_script }}: a JSON-LD script element that no editor's text can break out of."""
    return jsonld.script(data)


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    request = context.get("request")
    if request is None:
        return ""
    site = Site.find_for_request(request)
    if site is None:
        return ""
    return SiteSettings.for_site(site).organization_script(request)


@register.simple_tag(takes_context=True)
def breadcrumb_jsonld(context, page):
    return jsonld.script(jsonld.breadcrumb_list(page, context.get("request")))


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    items = []
    if site is not None:
        for page in (
            site.root_page.get_children().live().public().in_menu().only("title", "url_path")
        ):
            items.append({"title": page.title, "url": page.get_url(request), "page": page})
    directory_url = _reverse_or_none("directory:search")
    if directory_url:
        items.append({"title": "Find a therapist", "url": directory_url, "page": None})
    current = context.get("page")
    path = request.path if request else ""
    for item in items:
        item["active"] = bool(
            (current and item["page"] and current.path.startswith(item["page"].path))
            or (item["page"] is None and path.startswith(item["url"]))
        )
    return {"items": items, "request": request}


def _reverse_or_none(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
