"""The feeds' HTTP behaviour: validators, 304s, cache headers, one place.

A response's ETag is the change log's last sequence number (and retention horizon) with what
selects the response (path, query, the token's scope), so it is known from the FeedState row
alone: If-None-Match and If-Modified-Since answer 304 before any item is read or serialised.
The ETag is strong: the same inputs give the same bytes. (GZip in front of it, config's
ApiGZipMiddleware, marks it weak on compressed responses, as Django does, and a weak match is
honoured here too, as RFC 9110 asks for GET.)
"""

import datetime
import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware
from django.utils import timezone
from django.utils.cache import patch_vary_headers, set_response_etag
from django.utils.http import http_date, parse_http_date_safe

ONE_SECOND = datetime.timedelta(seconds=1)
PUBLIC_CACHE = "public, max-age=60, stale-while-revalidate=300"
PRIVATE_CACHE = "private, max-age=60"
VARY = "Accept-Encoding, Authorization"
API_PREFIXES = ("/api/v1/", "/api/wagtail/")


def etag_for(state, request, scope_key=""):
    selector = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{scope_key}"
    digest = hashlib.sha256(selector.encode()).hexdigest()[:16]
    return f'"{state.last_seq}.{state.pruned_through_seq}.{digest}"'


def _etags(header):
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def not_modified(request, etag, last_modified):
    """True when the client's copy is current (RFC 9110 13.2.2: If-None-Match wins)."""
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = _etags(if_none_match)
        return "*" in tags or etag in tags
    since = request.META.get("HTTP_IF_MODIFIED_SINCE")
    # Last-Modified has whole seconds: a change in the same second as the last one would be
    # hidden by it (RFC 9110 8.8.2.2), so a date that recent validates nothing; the ETag does.
    recent = last_modified is not None and timezone.now() - last_modified < ONE_SECOND
    if since and last_modified is not None and not recent:
        parsed = parse_http_date_safe(since)
        return parsed is not None and int(last_modified.timestamp()) <= parsed
    return False


def cache_headers(response, request, etag, last_modified):
    response["ETag"] = etag
    set_last_modified(response, last_modified)
    anonymous = getattr(getattr(request, "auth", None), "is_anonymous", True)
    response["Cache-Control"] = PUBLIC_CACHE if anonymous else PRIVATE_CACHE
    response["Vary"] = VARY
    return response


def set_last_modified(response, last_modified, now=None):
    """Last-Modified, unless the last change was less than a second ago: the header has whole
    seconds, so a client given that second could not tell a change later in the same second,
    and its If-Modified-Since would answer 304 for it (RFC 9110 8.8.2.2). Sent from a second
    after, any later change carries a later second. The ETag validates meanwhile."""
    now = now or timezone.now()
    if last_modified is not None and now - last_modified >= ONE_SECOND:
        response["Last-Modified"] = http_date(last_modified.timestamp())


def conditional(request, etag, last_modified):
    """A 304 with the validators, or None when the full response must be sent."""
    if not not_modified(request, etag, last_modified):
        return None
    return cache_headers(HttpResponseNotModified(), request, etag, last_modified)


def json_response(request, text, etag, last_modified, content_type="application/json"):
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    return cache_headers(response, request, etag, last_modified)


class ApiGZipMiddleware(GZipMiddleware):
    """Django's GZipMiddleware, for the API only: feeds of 100 items compress about tenfold.
    HTML pages are left alone (BREACH: they carry CSRF tokens next to text a visitor can
    reflect); whitenoise compresses static files itself."""

    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIXES):
            return response
        return super().process_response(request, response)


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """Every other successful API answer (details, searches, Wagtail's API v2) gets the same
    caching headers as the feeds: a strong ETag from its body (Django's
    ConditionalGetMiddleware) and a Last-Modified (first_served), so If-None-Match and
    If-Modified-Since answer 304 there too. The feeds set their own validators before any item
    is read; this leaves them as they are."""

    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIXES) or response.status_code != 200:
            return response
        if response.has_header("ETag"):  # the feeds answered their conditions themselves
            return response
        if not response.has_header("Cache-Control"):
            anonymous = getattr(getattr(request, "auth", None), "is_anonymous", True)
            response["Cache-Control"] = PUBLIC_CACHE if anonymous else PRIVATE_CACHE
        patch_vary_headers(response, ("Accept-Encoding", "Authorization"))
        if request.method == "GET" and self.needs_etag(response):
            set_response_etag(response)
            if response.has_header("ETag") and not response.has_header("Last-Modified"):
                set_last_modified(response, first_served(request, response["ETag"]))
        return super().process_response(request, response)


FIRST_SERVED_SECONDS = 30 * 24 * 3600


def first_served(request, etag):
    """When this URL (for this caller) was first answered with this body, by any app server
    (the shared cache): the Last-Modified of a response built afresh each time, such as a
    detail, whose parts (a page and its snippets, a therapist's licences and places) carry no
    one date. The cache keeps the last body's ETag per URL, so a body that changes and changes
    back is new again; a forgotten entry only moves the date later, which costs a client a
    full answer, never a stale 304."""
    auth = getattr(request, "auth", None)
    caller = getattr(auth, "pk", "") or ""
    url = f"{request.path}?{request.META.get('QUERY_STRING', '')}|{caller}"
    key = "api:first-served:" + hashlib.sha256(url.encode()).hexdigest()[:32]
    now = timezone.now()
    seen = cache.get(key)
    if seen is not None and seen[0] == etag:
        return seen[1]
    cache.set(key, (etag, now), FIRST_SERVED_SECONDS)
    return now
