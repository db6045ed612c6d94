from django import template

from home import jsonld, links, menu, site_cache

register = template.Library()


@register.filter
def jsonld_script(data):
    """{{ data|jsonld_script }}: a JSON-LD script element that no editor's text can break out of."""
    return jsonld.script(data)


@register.filter
def safe_href(value):
    """{{ url|safe_href }}: the URL if it is http(s) or a path on this site, else "".

    Every data-driven href goes through it, so a stored javascript:, data: or //other-host
    value renders as no link: gate external links with {% with %}…{% if %}, and give
    site links a |default:"#" if they must stay an anchor.
    """
    return links.safe_href(value)


@register.simple_tag(takes_context=True)
def organization_jsonld(context):
    request = context.get("request")
    if request is None:
        return ""
    site = site_cache.site_for_request(request)  # from the cache, then kept on the request
    if site is None:
        return ""
    settings = site_cache.settings_for_request(request)  # the instance the template shows
    return jsonld.script(jsonld.organization(settings, request, site))


@register.inclusion_tag("home/includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    site = site_cache.site_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = getattr(current, "path", None) or ""
    items = []
    for item in menu.menu_items(site):
        if item["path"]:
            active = current_path.startswith(item["path"])
        else:
            active = request.path.startswith(item["url"])
        items.append(dict(item, active=active))
    return {"items": items}
