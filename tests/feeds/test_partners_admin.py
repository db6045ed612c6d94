"""The Partners admin: partners and their API tokens as snippets; creating a token shows its
secret once, revoking keeps the row, and the listing shows each token's usage."""

import re

import pytest
from django.utils import timezone

from feeds import tokens
from feeds.models import ApiToken, ApiTokenUsage, Partner
from tests.feeds.factories_partners import PartnerFactory, bearer, issue_token

pytestmark = pytest.mark.django_db

PARTNERS = "/admin/snippets/feeds/partner/"
TOKENS = "/admin/snippets/feeds/apitoken/"
SECRET = re.compile(r"fascia_[0-9A-Za-z]{39}")


def create_token(client, partner, **fields):
    data = {
        "partner": partner.pk,
        "name": "Booking app",
        "scopes": ["education", "changes"],
        "content_terms": "clinic:harbour-clinic\narea:neck\n",
        "rate_limit_per_minute": 120,
        "expires_at": "",
    } | fields
    return client.post(f"{TOKENS}add/", data)


def test_a_superuser_adds_a_partner(admin_client):
    response = admin_client.post(
        f"{PARTNERS}add/",
        {
            "name": "Harbour Clinic",
            "contact_email": "it@harbour.example",
            "notes": "",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert Partner.objects.get().name == "Harbour Clinic"
    listing = admin_client.get(PARTNERS)
    assert listing.status_code == 200
    assert "Harbour Clinic" in listing.content.decode()


def test_creating_a_token_shows_the_secret_once(admin_client, settings):
    partner = PartnerFactory(name="Harbour Clinic")
    response = create_token(admin_client, partner)
    assert response.status_code == 200
    html = response.content.decode()
    secret = SECRET.search(html).group()
    assert "never be shown again" in html
    assert "Copy token" in html
    assert "no-store" in response["Cache-Control"]

    token = ApiToken.objects.get()
    assert token.digest == tokens.digest(secret)
    assert token.scopes == ["education", "changes"]
    assert token.content_terms == ["clinic:harbour-clinic", "area:neck"]
    assert token.rate_limit_per_minute == 120
    # Never again: not in the listing, the edit form or the inspect view.
    for url in (TOKENS, f"{TOKENS}edit/{token.pk}/", f"{TOKENS}inspect/{token.pk}/"):
        page = admin_client.get(url)
        assert page.status_code == 200
        assert secret not in page.content.decode()
        assert token.display_prefix in page.content.decode()
    # And the secret shown is the one that works.
    settings.ROOT_URLCONF = "tests.feeds.partner_api"
    response = admin_client.get("/api/education", **bearer(secret))
    assert response.json()["terms"] == ["clinic:harbour-clinic", "area:neck"]


def test_a_badly_written_filter_term_is_refused(admin_client):
    response = create_token(admin_client, PartnerFactory(), content_terms="Area:Neck")
    assert response.status_code == 200
    assert "is not a filter term" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token_keeps_the_row_and_refuses_the_token(admin_client, settings):
    settings.ROOT_URLCONF = "tests.feeds.partner_api"
    token, secret = issue_token()
    assert admin_client.get("/api/education", **bearer(secret)).status_code == 200
    settings.ROOT_URLCONF = "config.urls"
    edit = admin_client.get(f"{TOKENS}edit/{token.pk}/").content.decode()
    assert re.search(
        rf'href="{TOKENS}delete/{token.pk}/[^"]*"[^>]*>\s*(<svg.*?</svg>)?\s*Revoke', edit, re.S
    )

    confirm = admin_client.get(f"{TOKENS}delete/{token.pk}/")
    assert confirm.status_code == 200
    assert "Yes, revoke" in confirm.content.decode()
    response = admin_client.post(f"{TOKENS}delete/{token.pk}/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.status == "revoked"

    settings.ROOT_URLCONF = "tests.feeds.partner_api"
    assert admin_client.get("/api/education", **bearer(secret)).status_code == 401


def test_the_token_listing_shows_usage_and_status(admin_client):
    token, _ = issue_token(name="Clinic site")
    today = timezone.localdate()
    ApiTokenUsage.objects.create(token=token, day=today, count=42)
    ApiTokenUsage.objects.create(token=token, day=today - timezone.timedelta(days=3), count=8)
    html = admin_client.get(TOKENS).content.decode()
    assert "Requests today" in html
    assert re.search(r">\s*42\s*<", html)
    assert re.search(r">\s*50\s*<", html)  # the last 30 days
    assert re.search(r">\s*active\s*<", html)
    inspect = admin_client.get(f"{TOKENS}inspect/{token.pk}/").content.decode()
    assert f"{today:%Y-%m-%d}: 42" in inspect


def test_the_listing_answers_in_a_fixed_number_of_queries(
    admin_client, django_assert_max_num_queries
):
    for _ in range(2):
        admin_client.get(TOKENS)  # warm the admin's own caches
    issue_token()
    with django_assert_max_num_queries(30) as few:
        admin_client.get(TOKENS)
    for _ in range(10):
        issue_token()
    with django_assert_max_num_queries(len(few)):
        admin_client.get(TOKENS)


def test_the_partners_menu_group_holds_partners_and_tokens(admin_client):
    from wagtail.admin.menu import admin_menu

    request = admin_client.get("/admin/").wsgi_request
    items = {item.name: item for item in admin_menu.menu_items_for_request(request)}
    children = items["partners"].menu.menu_items_for_request(request)
    assert [child.url for child in children] == [PARTNERS, TOKENS]


def test_tokens_are_never_deleted_in_bulk(admin_client):
    token, _ = issue_token()
    listing = admin_client.get(TOKENS).content.decode()
    assert "/admin/bulk/feeds/apitoken/delete/" not in listing
    # The bulk URL typed by hand: the confirmation's POST is refused.
    response = admin_client.post(f"/admin/bulk/feeds/apitoken/delete/?id={token.pk}")
    assert response.status_code == 302
    assert response["Location"] == TOKENS
    assert ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).exists()
