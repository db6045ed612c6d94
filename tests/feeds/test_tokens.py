"""Partner API tokens: the format secret scanners recognise, only a digest stored, 401 for
every unusable token with one body, 403 outside the scopes, content filter terms, and the
database touched at most once a minute per token."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from feeds import tokens
from feeds.auth import ANONYMOUS, UNAUTHORIZED, matches_terms, record_use
from feeds.models import ApiToken, ApiTokenUsage
from tests.feeds.factories_partners import PartnerFactory, bearer, issue_token

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"^fascia_[0-9A-Za-z]{39}$")


@pytest.fixture
def partner_api(settings):
    settings.ROOT_URLCONF = "tests.feeds.partner_api"


def get(client, path="/api/education", secret=None, **headers):
    if secret is not None:
        headers |= bearer(secret)
    return client.get(path, **headers)


def test_a_token_has_the_prefix_192_random_bits_and_a_checksum():
    secret = tokens.generate()
    assert TOKEN.match(secret)
    assert tokens.SECRET_LENGTH == 33  # 62**33 > 2**192
    assert tokens.is_well_formed(secret)
    assert secret != tokens.generate()


@pytest.mark.parametrize(
    "change",
    [
        lambda s: s[:-1] + ("0" if s[-1] != "0" else "1"),  # checksum off by one character
        lambda s: s[:10] + ("x" if s[10] != "x" else "y") + s[11:],  # secret altered
        lambda s: "github_" + s[7:],  # another prefix
        lambda s: s[:-1],  # too short
        lambda s: s[:20] + "-" + s[21:],  # outside base62
    ],
)
def test_a_damaged_token_fails_the_offline_check(change):
    assert not tokens.is_well_formed(change(tokens.generate()))


def test_only_the_digest_and_a_short_display_prefix_are_stored():
    token, secret = issue_token()
    row = ApiToken.objects.values().get(pk=token.pk)
    assert secret not in str(row.values())
    assert row["digest"] == tokens.digest(secret)
    assert row["display_prefix"] == secret[:13]
    assert str(token) == f"Booking app ({secret[:13]}…)"


def test_a_valid_token_authenticates_as_itself(client, partner_api):
    token, secret = issue_token()
    response = get(client, secret=secret)
    assert response.status_code == 200
    assert response.json() == {"caller": str(token), "terms": []}


def test_no_authorization_header_is_an_anonymous_caller(client, partner_api):
    response = get(client)
    assert response.status_code == 200
    assert response.json() == {"caller": "anonymous", "terms": []}
    assert ANONYMOUS and ANONYMOUS.is_anonymous


def revoked(secret, token):
    token.revoke()


def expired(secret, token):
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(1))


def partner_deactivated(secret, token):
    type(token.partner).objects.filter(pk=token.partner_id).update(active=False)


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer {unknown}",  # well formed, never issued
        "Bearer fascia_notatoken",  # malformed
        "Bearer {secret}x",
        "Token {secret}",  # another scheme
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "",
        "{secret}",
    ],
)
def test_an_unknown_or_malformed_token_is_401(client, partner_api, authorization):
    _, secret = issue_token()
    header = authorization.format(secret=secret, unknown=tokens.generate())
    response = client.get("/api/education", HTTP_AUTHORIZATION=header)
    assert_unauthorized(response)


@pytest.mark.parametrize("spoil", [revoked, expired, partner_deactivated])
def test_a_revoked_or_expired_token_or_an_inactive_partner_is_401(client, partner_api, spoil):
    token, secret = issue_token()
    assert get(client, secret=secret).status_code == 200
    spoil(secret, token)
    assert_unauthorized(get(client, secret=secret))


def test_every_401_has_the_same_body_whether_or_not_the_token_existed(client, partner_api):
    token, secret = issue_token()
    token.revoke()
    bodies = {
        get(client, secret=secret).content,
        get(client, secret=tokens.generate()).content,
        get(client, secret="nonsense").content,
    }
    assert len(bodies) == 1


def assert_unauthorized(response):
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="fascia"'
    assert response.json() == {
        "type": "about:blank",
        "title": "Unauthorized",
        "status": 401,
        "detail": UNAUTHORIZED,
    }


def test_a_token_expiring_later_still_works(client, partner_api):
    _, secret = issue_token(expires_at=timezone.now() + dt.timedelta(days=1))
    assert get(client, secret=secret).status_code == 200


def test_a_token_outside_its_scopes_is_403_and_inside_them_200(client, partner_api):
    _, secret = issue_token(scopes=["education", "changes"])
    assert get(client, "/api/education", secret).status_code == 200
    assert get(client, "/api/changes", secret).status_code == 200
    response = get(client, "/api/directory", secret)
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    detail = "This token's scopes do not include the directory endpoints."
    assert response.json()["detail"] == detail


def test_a_token_without_scopes_and_anonymous_callers_read_every_endpoint(client, partner_api):
    _, secret = issue_token(scopes=[])
    for path in ("/api/education", "/api/directory", "/api/changes"):
        assert get(client, path, secret).status_code == 200
        assert get(client, path).status_code == 200


def test_content_terms_are_the_tokens_filters(client, partner_api):
    _, secret = issue_token(content_terms=["clinic:harbour-clinic", "area:neck"])
    assert get(client, secret=secret).json()["terms"] == ["clinic:harbour-clinic", "area:neck"]


def test_an_item_must_carry_one_of_the_tokens_terms():
    assert matches_terms(["area:neck", "area:back"], ["type:routine", "area:back"])
    assert not matches_terms(["area:neck"], ["type:routine", "area:back"])
    assert matches_terms([], ["type:routine"])  # unrestricted


def test_last_used_is_written_once_a_minute_not_per_request(
    client, partner_api, django_assert_num_queries
):
    token, secret = issue_token()
    # The token lookup, last_used_at, the day's usage row: an update, and on the day's first
    # flush an insert in a savepoint (another server may insert it first).
    with django_assert_num_queries(6):
        assert get(client, secret=secret).status_code == 200
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    for _ in range(5):
        with django_assert_num_queries(1):  # the token lookup alone
            assert get(client, secret=secret).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use
    clear_touch_flag(token)  # a minute later
    with django_assert_num_queries(3):  # the lookup, last_used_at, the usage row's update
        assert get(client, secret=secret).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at > first_use


def test_usage_is_counted_per_day_and_flushed_once_a_minute(client, partner_api, clear_cache):
    token, secret = issue_token()
    for _ in range(3):
        get(client, secret=secret)
    assert usage(token) == {timezone.localdate(): 1}  # flushed at the first request
    clear_touch_flag(token)
    get(client, secret=secret)
    assert usage(token) == {timezone.localdate(): 4}


def test_the_first_flush_of_a_day_stores_the_day_befores_final_count():
    token, _ = issue_token()
    yesterday = timezone.now() - dt.timedelta(days=1)
    for _ in range(3):
        record_use(token, yesterday)
    assert usage(token) == {timezone.localdate(yesterday): 1}
    clear_touch_flag(token)  # the next minute, past midnight
    record_use(token, timezone.now())
    assert usage(token) == {timezone.localdate(yesterday): 3, timezone.localdate(): 1}


def test_a_late_flush_never_lowers_a_count():
    token, _ = issue_token()
    today = timezone.localdate()
    ApiTokenUsage.store(token.pk, today, 10)
    ApiTokenUsage.store(token.pk, today, 7)
    assert usage(token) == {today: 10}


def test_a_tokens_filter_terms_must_be_name_value_in_lower_case():
    from django.core.exceptions import ValidationError

    token = ApiToken(partner=PartnerFactory(), name="x", content_terms=["Area:Neck"])
    with pytest.raises(ValidationError, match="not a filter term"):
        token.full_clean(exclude=["digest", "display_prefix"])


def usage(token):
    return dict(ApiTokenUsage.objects.filter(token=token).values_list("day", "count"))


def clear_touch_flag(token):
    from feeds.auth import partner_cache

    partner_cache().delete(f"feeds:token-touched:{token.pk}")


def test_the_openapi_document_describes_the_bearer_scheme(partner_api):
    from tests.feeds.partner_api import api

    schemes = api.get_openapi_schema()["components"]["securitySchemes"]
    assert schemes["PartnerAuth"]["type"] == "http"
    assert schemes["PartnerAuth"]["scheme"] == "bearer"
    assert schemes["PartnerAuth"]["bearerFormat"] == "fascia_ token"
    assert "Optional" in schemes["PartnerAuth"]["description"]
