"""JSON-LD for templates, safe whatever an editor types.

json.dumps leaves "<", ">" and "&" alone, so a title containing "</script>" would end the
script element early. Escaping them as \\u003c etc. keeps the JSON identical to a parser
and inert to the HTML tokenizer.
"""

import json

from django.utils.safestring import mark_safe

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


def breadcrumb_list(page, request=None):
    """BreadcrumbList from the site root down to page (the site root itself included)."""
    ancestors = page.get_ancestors(inclusive=True).filter(depth__gt=1).specific()
    items = []
    for position, ancestor in enumerate(ancestors, start=1):
        items.append(
            {
                "@type": "ListItem",
                "position": position,
                "name": ancestor.title,
                "item": ancestor.get_full_url(request),
            }
        )
    return {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
