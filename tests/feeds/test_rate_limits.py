"""Per-minute rate limits: per token (its own limit) and per client address for anonymous
callers (a lower one), counted in the shared cache, answered over the limit with a 429
problem, Retry-After and the IETF RateLimit headers."""

import pytest

from feeds.throttling import PartnerThrottle
from tests.feeds.factories_partners import bearer, issue_token

pytestmark = pytest.mark.django_db

URL = "/api/education"


@pytest.fixture
def partner_api(settings):
    settings.ROOT_URLCONF = "tests.feeds.partner_api"
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "feeds.throttling.RateLimitHeadersMiddleware"]
    settings.FEEDS_ANONYMOUS_RATE_PER_MINUTE = 3


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(PartnerThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def statuses(client, times, **headers):
    return [client.get(URL, **headers).status_code for _ in range(times)]


def assert_limited(response, policy, quota, retry_after):
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == str(retry_after)
    assert response["RateLimit-Policy"] == f'"{policy}";q={quota};w=60'
    assert response["RateLimit"] == f'"{policy}";r=0;t={retry_after}'
    body = response.json()
    assert body["status"] == 429
    assert body["title"] == "Too Many Requests"
    assert f"{quota} a minute" in body["detail"]


def test_anonymous_callers_get_the_anonymous_limit_per_address(client, partner_api, clock):
    first = client.get(URL, REMOTE_ADDR="198.51.100.1")
    assert first.status_code == 200
    assert first["RateLimit-Policy"] == '"anonymous";q=3;w=60'
    assert first["RateLimit"] == '"anonymous";r=2;t=60'
    clock[0] += 20
    assert statuses(client, 2, REMOTE_ADDR="198.51.100.1") == [200, 200]
    # The fourth in the minute: the first request leaves the window 40 seconds from now.
    assert_limited(client.get(URL, REMOTE_ADDR="198.51.100.1"), "anonymous", 3, 40)
    # Another address has its own count.
    assert statuses(client, 3, REMOTE_ADDR="198.51.100.2") == [200] * 3


def test_the_window_slides(client, partner_api, clock):
    assert statuses(client, 4) == [200, 200, 200, 429]
    clock[0] += 60
    assert statuses(client, 1) == [200]


def test_a_token_has_its_own_limit_apart_from_other_tokens_and_anonymous(
    client, partner_api, clock
):
    _, secret = issue_token(rate_limit_per_minute=5)
    _, other = issue_token(rate_limit_per_minute=5)
    response = client.get(URL, **bearer(secret))
    assert response["RateLimit-Policy"] == '"token";q=5;w=60'
    assert response["RateLimit"] == '"token";r=4;t=60'
    assert statuses(client, 4, **bearer(secret)) == [200] * 4
    assert_limited(client.get(URL, **bearer(secret)), "token", 5, 60)
    assert statuses(client, 1, **bearer(other)) == [200]
    assert statuses(client, 1) == [200]  # anonymous, from the same address


def test_the_token_limit_defaults_to_the_setting(settings):
    settings.FEEDS_TOKEN_RATE_PER_MINUTE = 1234
    token, _ = issue_token()
    assert token.rate_limit_per_minute == 1234


def test_a_refused_token_is_401_not_counted_as_anonymous(client, partner_api, clock):
    # A bad token never reaches the throttles: it is refused first, whatever the counts.
    assert statuses(client, 3) == [200] * 3
    assert statuses(client, 1, **bearer("fascia_bad")) == [401]


@pytest.fixture
def two_app_servers(two_redis_caches):
    """Two app servers' caches (tests/conftest.py)."""
    return two_redis_caches


@pytest.mark.redis
def test_the_limit_holds_across_app_servers_sharing_redis(
    client, partner_api, two_app_servers, settings
):
    _, secret = issue_token(rate_limit_per_minute=4)
    settings.FEEDS_CACHE = "server_a"
    assert statuses(client, 2, **bearer(secret)) == [200, 200]
    settings.FEEDS_CACHE = "server_b"
    assert statuses(client, 3, **bearer(secret)) == [200, 200, 429]
    settings.FEEDS_CACHE = "server_a"
    assert statuses(client, 1, **bearer(secret)) == [429]
    # Anonymous callers too (limit 3 in partner_api).
    assert statuses(client, 2) == [200, 200]
    settings.FEEDS_CACHE = "server_b"
    assert statuses(client, 2) == [200, 429]
