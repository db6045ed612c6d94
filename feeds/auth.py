"""Who is calling the public API: anonymous, or a partner's ApiToken (docs/partners.md).

    api.get("/feeds/education.json", auth=partner_auth)   # request.auth: ApiToken or ANONYMOUS
    require_scope(request, "education")                    # 403 outside the token's scopes
    content_terms(request)                                  # ["area:neck"], [] = everything

Wagtail 8's v3 preview has a bearer auth (wagtail.api.v3.auth.BearerTokenAuth) that we do not
reuse: it resolves its own user-bound APIToken and answers an unknown token as anonymous,
where a partner must learn that its token no longer works. Its last-used throttle is the idea
we keep, with a cache flag instead of a read of the row's timestamp.
"""

import datetime as dt

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from ninja.security import HttpBearer

from config.problems import ApiProblem
from feeds.models.partners import ApiToken, ApiTokenUsage

TOUCH_SECONDS = 60  # last_used_at and the usage counts are written at most this often
USAGE_KEY_SECONDS = 3 * 24 * 3600  # a day's running count outlives the day by the last flush
UNAUTHORIZED = (
    "The bearer token is not valid: it is unknown, malformed, revoked or expired. "
    "Ask your Fascia contact for a new one, or call without a token for public data."
)


class Anonymous:
    """request.auth for a caller with no token: truthy (ninja lets the request through),
    with the same reading methods as an ApiToken."""

    is_anonymous = True
    scopes = ()
    content_terms = ()

    def allows(self, endpoint):
        return True

    def __str__(self):
        return "anonymous"


ANONYMOUS = Anonymous()


def partner_cache():
    """The cache the rate limits, last-used flags and usage counts share: Redis when REDIS_URL
    is set, so every app server counts together."""
    return caches[getattr(settings, "FEEDS_CACHE", "default")]


def unauthorized():
    # One body for every failure, so a caller never learns whether a token existed.
    return ApiProblem(401, UNAUTHORIZED, headers={"WWW-Authenticate": 'Bearer realm="fascia"'})


class PartnerAuth(HttpBearer):
    """Anonymous without an Authorization header; with one it must be a usable bearer token.
    A ninja HttpBearer, so the OpenAPI document describes the scheme (ninja turns each
    openapi_* attribute into a member of the security scheme)."""

    openapi_bearerFormat = "fascia_ token"  # noqa: N815 (the OpenAPI member's name)
    openapi_description = (
        "Optional: without an Authorization header the request is anonymous (public data, a "
        "lower rate limit). A partner's token: Authorization: Bearer fascia_… (docs/partners.md)."
    )

    def __init__(self, scope=None):
        """`scope`: the endpoint group its operations belong to ("education", "directory",
        "search", "videos"); a token whose scopes leave it out gets a 403 there."""
        super().__init__()
        self.scope = scope

    def __call__(self, request):
        header = request.headers.get(self.header)
        if header is None:
            return ANONYMOUS
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            raise unauthorized()
        caller = self.authenticate(request, secret.strip())
        if self.scope and not caller.allows(self.scope):
            raise out_of_scope(self.scope)
        return caller

    def authenticate(self, request, token):
        now = timezone.now()
        api_token = ApiToken.objects.for_secret(token, now)
        if api_token is None:
            raise unauthorized()
        record_use(api_token, now)
        return api_token


partner_auth = PartnerAuth()


def request_auth(request):
    # An operation without partner_auth leaves request.auth unset: public data, anonymous.
    return getattr(request, "auth", None) or ANONYMOUS


def out_of_scope(endpoint):
    return ApiProblem(
        403,
        f"This token's scopes do not include the {endpoint} endpoints.",
        scope=endpoint,
    )


def require_scope(request, endpoint):
    """403 when the caller's token may not read `endpoint` ("education", "directory",
    "changes", "search", "videos"); anonymous callers read public data."""
    if not request_auth(request).allows(endpoint):
        raise out_of_scope(endpoint)


def content_terms(request):
    """The caller's content filter terms: an item must carry at least one. [] for anonymous
    callers and unrestricted tokens."""
    return list(request_auth(request).content_terms)


def usage_key(token_id, day):
    return f"feeds:usage:{token_id}:{day.isoformat()}"


def count_request(cache, key):
    """Add one to a running count in the cache (atomic in Redis)."""
    try:
        return cache.incr(key)
    except ValueError:  # the day's first request (or the key was evicted)
        if cache.add(key, 1, USAGE_KEY_SECONDS):
            return 1
        return cache.incr(key)


def record_use(token, now):
    """Count the request in the cache on every call; write to the database at most once a
    minute per token (the first request to claim the minute's flag): last_used_at, and the
    day's running total, stored with Greatest() so that a lost race never lowers it. Counting
    in the cache and storing the total, rather than an UPDATE count+1 per request, keeps the
    database out of the hot path; a minute's requests may be missing until the next flush.
    The first flush of a new day also stores the day before's final total."""
    cache = partner_cache()
    today = timezone.localdate(now)
    total = count_request(cache, usage_key(token.pk, today))
    if not cache.add(f"feeds:token-touched:{token.pk}", 1, TOUCH_SECONDS):
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    if ApiTokenUsage.store(token.pk, today, total):
        yesterday = today - dt.timedelta(days=1)
        if final := cache.get(usage_key(token.pk, yesterday)):
            ApiTokenUsage.store(token.pk, yesterday, final)


def matches_terms(wanted, terms):
    """Whether an item with these terms passes a token's filter terms (at least one)."""
    return not wanted or not set(wanted).isdisjoint(terms)
