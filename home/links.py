"""The one rule for URLs we render into an href: http or https, or a path on this site.

Two halves, because data reaches an href by more than one road:

- `validate_http_url` is the model and form rule (URL fields, URL blocks, the CSV importer):
  an absolute http(s) URL, checked by Django's own URLValidator.
- `safe_href` is the render-time rule (the `safe_href` template filter, the APIs and JSON-LD):
  whatever got into the database (`QuerySet.update()`, raw SQL, a fixture, an older row), a
  value that a browser could run as script or send to another host by a trick never comes out.

Browsers strip leading and trailing spaces and control characters and drop tabs and newlines
anywhere in a URL before they read its scheme, so "java\\tscript:" and "  javascript:" run as
javascript: links; a backslash counts as a slash, so "/\\evil.example" leaves the site. We do
not try to repair such values: any of them is no link at all.
"""

import html
import re
import unicodedata
from urllib.parse import urlsplit

from django.core.validators import URLValidator

HTTP_SCHEMES = ("http", "https")
HIDDEN_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}
SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")

_http_url = URLValidator(
    schemes=list(HTTP_SCHEMES),
    message="Enter a valid URL starting with https:// (or http://).",
    # Its own code: a model form replaces an "invalid" message with the form field's own
    # "Enter a valid URL.", which would not say what is wrong with ftp:// or javascript:.
    code="http_url",
)


def validate_http_url(value):
    """Model and form validator: an absolute http:// or https:// URL (Django's URLValidator)."""
    _http_url(value)


def _has_hidden_characters(value):
    # Cc: controls (tab, newline, NUL...), Cf: invisible format characters (zero-width, bidi
    # overrides), Z*: every kind of space. None belongs in a URL we wrote or accepted.
    return any(unicodedata.category(ch) in HIDDEN_CATEGORIES for ch in value)


def _is_safe(value, relative):
    if not value or _has_hidden_characters(value):
        return False
    scheme = SCHEME_RE.match(value)
    if scheme:
        if scheme[1].lower() not in HTTP_SCHEMES:
            return False
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unbalanced [ in the host
            return False
        # "https:evil.example" and "https:/x" are read as https://... by browsers: ask for
        # the real form, with a host.
        return value[len(scheme[0]) :].startswith("//") and bool(parts.hostname)
    if not relative:
        return False
    # Protocol-relative ("//evil.example", and "/\\evil.example", which browsers read the same).
    return not (len(value) > 1 and value[0] in "/\\" and value[1] in "/\\")


def safe_href(value, *, relative=True):
    """`value` if it is safe to put in an href, else "" (no link).

    Safe: an absolute http(s) URL with a host, or (with relative=True, the default) a
    reference on this site such as "/find-a-therapist/", "?page=2" or "#step-1". The APIs and
    JSON-LD pass relative=False: their consumers need absolute URLs.

    The value is also checked after HTML entity decoding, because a consumer that pastes our
    JSON into a page unescaped would have "javascript&colon;..." decoded into a script link.
    """
    if value is None:
        return ""
    value = str(value)
    if not _is_safe(value, relative):
        return ""
    decoded = html.unescape(value)
    if decoded != value and not _is_safe(decoded, relative):
        return ""
    return value


def safe_url_or_none(value):
    """For JSON: an absolute http(s) URL, or None (the APIs' "no value")."""
    return safe_href(value, relative=False) or None
