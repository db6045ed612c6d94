"""JSON-LD: rendering for templates (safe whatever an editor types), the helpers every app's
jsonld.py shares (nested, iso_duration, breadcrumb_list) and home's own Organization.

json.dumps leaves "<", ">" and "&" alone, so a title containing "</script>" would end the
script element early. Escaping them as \\u003c etc. keeps the JSON identical to a parser
and inert to the HTML tokenizer.
"""

import json

from django.utils.safestring import mark_safe

from home.links import safe_href
from home.site_urls import absolute_url

_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
# U+2028/2029 are legal in JSON but end a line in older JavaScript parsers.
_ESCAPES.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str).translate(
        _ESCAPES
    )


def script(data):
    """A complete <script type="application/ld+json"> element, or "" when there is no data."""
    if not data:
        return ""
    return mark_safe(f'<script type="application/ld+json">{dumps(data)}</script>')  # noqa: S308


def nested(data):
    """An object embedded in another one carries no @context of its own."""
    return {key: value for key, value in data.items() if key != "@context"}


def iso_duration(seconds):
    """The project's one ISO 8601 duration: 65.5 -> "PT1M5.5S", 5400 -> "PT1H30M"."""
    if seconds is None:
        return None
    total = round(float(seconds), 3)
    minutes, secs = divmod(total, 60)
    hours, minutes = divmod(int(minutes), 60)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if secs or out == "PT":
        out += f"{secs:.3f}".rstrip("0").rstrip(".") + "S"
    return out


def breadcrumb_list(trail):
    """The project's one BreadcrumbList builder: trail is [(name, absolute URL)], root first."""
    items = [
        {"@type": "ListItem", "position": position, "name": name, "item": url}
        for position, (name, url) in enumerate(trail, start=1)
    ]
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}


def organization(settings, request=None, site=None):
    """schema.org Organization of the site's settings (home.models.SiteSettings)."""
    site = site or (settings.site if settings.site_id else None)
    site_url = site.root_url if site else ""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": settings.organisation_name,
        "url": site_url + "/" if site_url else None,
        "legalName": settings.legal_name or None,
        "telephone": settings.phone or None,
        "email": settings.email or None,
        "sameAs": [
            url
            for block in settings.social_profiles
            if (url := safe_href(block.value["url"], relative=False))
        ]
        or None,
    }
    if settings.logo_id:
        # The site's root URL, never the request's host (home/site_urls.py).
        logo = settings.logo.file.url
        data["logo"] = site_url + logo if site_url and logo.startswith("/") else absolute_url(logo)
    if settings.has_address:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": settings.street_address,
            "addressLocality": settings.locality,
            "addressRegion": settings.region,
            "postalCode": settings.postal_code,
            "addressCountry": settings.country,
        }
    return {key: value for key, value in data.items() if value is not None}
