"""Small text helpers shared by every app: plain text from HTML, dates, timecodes, a page's
search text."""

import calendar
import datetime
import html

from django.utils.html import strip_tags
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

# A page's search text is capped: a long guide still ranks, and no row grows without bound.
MAX_SEARCH_TEXT_CHARS = 60_000


def plain_text(value):
    """Visible text of an HTML fragment or a rich-text value, with block tags as spaces."""
    text = str(value or "")
    text = text.replace("</p>", "</p> ").replace("</li>", ". </li>").replace("<br/>", " ")
    return " ".join(html.unescape(strip_tags(text)).split())


def add_months(day, months):
    """day + months, clamped to the end of a shorter month (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def format_timecode(seconds):
    """Seconds as "m:ss" or "h:mm:ss", rounded down as video players show them."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def _field_text(page, field_name):
    value = getattr(page, field_name, None)
    if value is None or callable(value):
        return ""
    try:
        model_field = page._meta.get_field(field_name)
    except Exception:  # a property or method named in search_fields
        model_field = None
    if isinstance(model_field, StreamField):
        return " ".join(str(part) for part in model_field.get_searchable_content(value))
    if isinstance(model_field, RichTextField):
        return plain_text(value)
    return plain_text(value) if isinstance(value, str) else ""


def search_fields_text(page, skip=()):
    """Plain text of the page's own Wagtail SearchFields (those Wagtail would index), without
    the fields named in skip, at most MAX_SEARCH_TEXT_CHARS long."""
    parts = []
    for search_field in page.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in skip:
            parts.append(_field_text(page, search_field.field_name))
    return " ".join(part for part in parts if part)[:MAX_SEARCH_TEXT_CHARS]
