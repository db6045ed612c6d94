"""Per-minute rate limits for the public API, through django-ninja's throttles.

    NinjaAPI(..., throttle=throttles())
    api.add_exception_handler(ninja.errors.Throttled, throttled)     # 429 as problem JSON
    MIDDLEWARE += ["feeds.throttling.RateLimitHeadersMiddleware"]   # headers on every answer

A partner's token gets its own `rate_limit_per_minute`; anonymous callers share a lower one per
client address (home.auth.client_address, which knows our trusted proxies). Counting is
ninja's SimpleRateThrottle (a sliding window of timestamps per key) in the cache
`feeds.auth.partner_cache()` names, Redis in production, so every app server counts together.
Its read-then-write is not atomic: two servers racing may each let one extra request in, which
a per-minute limit tolerates.

Answers carry the IETF rate-limit headers (draft-ietf-httpapi-ratelimit-headers):
`RateLimit-Policy: "token";q=600;w=60` (quota, window) and `RateLimit: "token";r=12;t=41`
(requests remaining, seconds until the window frees one); a 429 adds `Retry-After`.
"""

import math
import threading
from dataclasses import dataclass

from django.conf import settings
from ninja.throttling import SimpleRateThrottle

from config.problems import problem_json
from feeds.auth import partner_cache
from home.auth import client_address

WINDOW = 60  # seconds: the limits are per minute


@dataclass
class RateLimit:
    """One request's place in its limit, kept on the request for the headers."""

    policy: str
    quota: int
    remaining: int
    reset: int  # seconds until the oldest counted request leaves the window

    def headers(self):
        return {
            "RateLimit-Policy": f'"{self.policy}";q={self.quota};w={WINDOW}',
            "RateLimit": f'"{self.policy}";r={self.remaining};t={self.reset}',
        }


class PerThread:
    """An attribute of the current thread. Ninja keeps one throttle object per API and stores
    each request's key, history and limit on it between allow_request() and wait(); with
    threaded app servers those must not be shared between requests."""

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        try:
            return getattr(instance.local, self.name)
        except AttributeError:
            raise AttributeError(self.name) from None

    def __set__(self, instance, value):
        setattr(instance.local, self.name, value)


class PartnerThrottle(SimpleRateThrottle):
    """Ninja's SimpleRateThrottle with the limit read per request (a token's own, or the
    anonymous setting) instead of one fixed rate string."""

    policy = ""
    key = PerThread()
    history = PerThread()
    now = PerThread()
    num_requests = PerThread()
    duration = PerThread()

    def __init__(self):
        # Not SimpleRateThrottle.__init__: it parses one fixed rate, ours is per request.
        self.local = threading.local()

    @property
    def cache(self):
        return partner_cache()

    def limit_for(self, request):
        """Requests per minute for this caller, or None when this throttle does not apply."""
        raise NotImplementedError

    def ident(self, request):
        raise NotImplementedError

    def get_cache_key(self, request):
        return f"feeds:throttle:{self.policy}:{self.ident(request)}"

    def allow_request(self, request):
        limit = self.limit_for(request)
        if limit is None:
            return True
        self.num_requests, self.duration = limit, WINDOW
        allowed = super().allow_request(request)
        request.rate_limit = RateLimit(
            self.policy, limit, max(0, limit - len(self.history)), math.ceil(self.wait_time())
        )
        return allowed

    def wait_time(self):
        """Seconds until the oldest request in the window leaves it."""
        if not self.history:
            return self.duration
        return max(0.0, self.history[-1] + self.duration - self.now)

    def wait(self):
        return self.wait_time()


class TokenThrottle(PartnerThrottle):
    policy = "token"

    def limit_for(self, request):
        auth = getattr(request, "auth", None)
        if auth is None or auth.is_anonymous:
            return None
        return auth.rate_limit_per_minute

    def ident(self, request):
        return request.auth.pk


class AnonymousThrottle(PartnerThrottle):
    policy = "anonymous"

    def limit_for(self, request):
        auth = getattr(request, "auth", None)
        if auth is not None and not auth.is_anonymous:
            return None
        return getattr(settings, "FEEDS_ANONYMOUS_RATE_PER_MINUTE", 60)

    def ident(self, request):
        return client_address(request)


def throttles():
    """The list to pass as `throttle=` to the NinjaAPI (or a router)."""
    return [TokenThrottle(), AnonymousThrottle()]


def throttled(request, exc):
    """The handler for ninja.errors.Throttled: 429 as problem JSON, with Retry-After and the
    rate-limit headers."""
    limit = getattr(request, "rate_limit", None)
    wait = WINDOW if exc.wait is None else exc.wait
    headers = {"Retry-After": str(max(1, math.ceil(wait)))}
    detail = "Too many requests."
    if limit:
        headers |= limit.headers()
        who = "this token" if limit.policy == "token" else "your address"
        detail = (
            f"Too many requests: {limit.quota} a minute are allowed for {who}. "
            f"Try again in {headers['Retry-After']} seconds."
        )
    return problem_json(429, detail, headers=headers)


class RateLimitHeadersMiddleware:
    """Adds the RateLimit headers to every answer a throttle counted (the 429 has them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        limit = getattr(request, "rate_limit", None)
        if limit is not None:
            for name, value in limit.headers().items():
                response.headers.setdefault(name, value)
        return response
