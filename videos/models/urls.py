"""Absolute URLs for files, for feeds and JSON-LD consumed off-site."""

from django.conf import settings


def absolute_url(url, request=None):
    if not url or url.startswith(("http://", "https://", "//")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url


def iso_duration(seconds):
    """ISO 8601 duration ("PT1M5.5S") as schema.org wants it."""
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
    secs_text = f"{secs:.3f}".rstrip("0").rstrip(".")
    if secs or out == "PT":
        out += f"{secs_text}S"
    return out


def format_timecode(seconds):
    """Seconds as "m:ss" or "h:mm:ss", rounded down as video players show them."""
    total = int(seconds or 0)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"
