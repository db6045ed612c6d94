"""Nobody guesses a password: the admin login, Wagtail's front-end login and its page and
document password forms lock after repeated failures, by account and by address, on the
shared cache; an admin unlocks with axes' commands."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.handlers.cache import AxesCacheHandler
from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.management import call_command
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from home.auth import counted_address

ADMIN_LOGIN = "/admin/login/"
FRONTEND_LOGIN = "/_util/login/"
PASSWORD = "right-horse-battery"
ATTACKER = "198.51.100.7"
EDITOR_HOME = "203.0.113.20"
TRIES = 30


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("editor", "editor@fascia.example", PASSWORD)


def log_in(
    client, url=ADMIN_LOGIN, username="editor", password=PASSWORD, address=ATTACKER, **extra
):
    return client.post(
        url, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def guess(client, times=TRIES, **kwargs):
    """Wrong passwords, one after another; returns the status codes answered."""
    return [log_in(client, password=f"wrong-{n}", **kwargs).status_code for n in range(times)]


def assert_locked(response):
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "try again in 15 minutes" in html
    assert "site administrator" in html
    assert "_auth_user_id" not in response.client.session


@pytest.mark.parametrize("url", [ADMIN_LOGIN, FRONTEND_LOGIN])
def test_thirty_wrong_passwords_lock_the_login_and_the_right_one_is_refused(
    client, editor, url, home_page
):
    statuses = guess(client, url=url)
    # The first failures are answered normally (the form again, with its error)...
    assert statuses[:9] == [200] * 9
    # ...from the tenth on, the lockout page.
    assert set(statuses[10:]) == {429}
    assert_locked(log_in(client, url=url))


def test_a_locked_admin_login_shows_the_lockout_page_not_the_admin(client, editor):
    guess(client)
    response = log_in(client)
    assert_locked(response)
    assert client.get("/admin/").status_code == 302  # still signed out: sent to the login


def test_rotating_addresses_does_not_get_past_the_account_lock(client, editor):
    statuses = [
        log_in(client, password="wrong", address=f"192.0.2.{n}").status_code for n in range(TRIES)
    ]
    assert statuses[-1] == 429
    # The right password from an address never seen before is refused too.
    assert_locked(log_in(client, address="192.0.2.200"))


def test_one_address_trying_many_accounts_is_locked_for_every_account(client, editor):
    statuses = [
        log_in(client, username=f"user{n}", password="wrong").status_code for n in range(TRIES)
    ]
    assert statuses[-1] == 429
    assert_locked(log_in(client))  # the editor's real password, from the same address
    # The editor's own address is another matter: the account itself saw no failures.
    assert log_in(client, address=EDITOR_HOME).status_code == 302


def test_ipv6_addresses_count_per_64(client, editor):
    statuses = [
        log_in(client, username=f"user{n}", password="wrong", address=f"2001:db8:1:2::{n:x}")
        for n in range(TRIES)
    ]
    assert statuses[-1].status_code == 429
    # Another address of the same /64 is the same client...
    assert_locked(log_in(client, address="2001:db8:1:2:ffff::1"))
    # ...and one in the next /64 another.
    assert log_in(client, address="2001:db8:1:3::1").status_code == 302
    client.logout()
    # An admin frees the /64 by the name it is counted under.
    call_command("axes_reset_ip", "2001:db8:1:2::/64")
    assert log_in(client, address="2001:db8:1:2:ffff::1").status_code == 302


def test_a_spoofed_forwarded_for_header_is_ignored_by_default(client, editor):
    statuses = [
        log_in(
            client, username=f"user{n}", password="wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(TRIES)
    ]
    assert statuses[-1] == 429  # all from ATTACKER's socket address, whatever the header said


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, editor, settings):
    settings.FASCIA_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The client prepends a made-up hop each time; our proxy appends the real address.
    for n in range(TRIES):
        log_in(
            client,
            username=f"user{n}",
            password="wrong",
            address=proxy,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {ATTACKER}",
        )
    assert_locked(log_in(client, address=proxy, HTTP_X_FORWARDED_FOR=ATTACKER))
    # Another client behind the same proxy is not locked out with the attacker.
    assert log_in(client, address=proxy, HTTP_X_FORWARDED_FOR=EDITOR_HOME).status_code == 302


def test_counted_address():
    assert counted_address("203.0.113.9") == "203.0.113.9"
    assert counted_address("2001:db8:1:2:3:4:5:6") == "2001:db8:1:2::/64"
    assert counted_address("::ffff:203.0.113.9") == "203.0.113.9"
    assert counted_address("not an address") == "not an address"


def test_an_admin_unlocks_with_axes_reset_commands(client, editor):
    guess(client)
    assert_locked(log_in(client))

    call_command("axes_reset_username", "editor")
    # The account is free again; the attacker's address stays locked until it is reset too.
    assert log_in(client, address=EDITOR_HOME).status_code == 302
    client.logout()
    assert_locked(log_in(client))

    call_command("axes_reset_ip", ATTACKER)
    assert log_in(client).status_code == 302


def test_a_lock_ends_after_the_cool_off(client, editor, settings):
    guess(client)
    assert_locked(log_in(client))
    # The cache forgets the count after the cool-off; clearing it stands in for the wait.
    caches["default"].clear()
    assert log_in(client).status_code == 302


# Wagtail's page and document password forms.


@pytest.fixture
def restricted_page(home_page):
    restriction = PageViewRestriction.objects.create(
        page=home_page, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
    )
    return home_page, restriction


def page_password(client, page, restriction, password, address=ATTACKER):
    url = f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/"
    return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=address)


def test_the_page_password_form_locks_after_repeated_failures(client, restricted_page):
    page, restriction = restricted_page
    assert client.get("/").status_code == 200
    assert 'name="password"' in client.get("/").content.decode()

    statuses = [
        page_password(client, page, restriction, f"wrong-{n}").status_code for n in range(TRIES)
    ]
    assert statuses[:9] == [200] * 9
    assert set(statuses[10:]) == {429}

    response = page_password(client, page, restriction, PASSWORD)
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 15 * 60
    html = response.content.decode()
    assert "This password form is locked" in html
    assert "ask the person who gave it to you" in html
    # Not let in: the page still asks for the password.
    assert 'name="password"' in client.get("/").content.decode()


def test_the_page_password_lock_holds_across_addresses_and_resets(client, restricted_page):
    page, restriction = restricted_page
    for n in range(TRIES):
        page_password(client, page, restriction, "wrong", address=f"192.0.2.{n}")
    assert page_password(client, page, restriction, PASSWORD, address=EDITOR_HOME).status_code == (
        429
    )

    call_command("axes_reset_username", f"page-restriction:{restriction.pk}")
    response = page_password(client, page, restriction, PASSWORD, address=EDITOR_HOME)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert 'name="password"' not in client.get("/").content.decode()


def test_each_page_restriction_counts_on_its_own(client, restricted_page):
    page, restriction = restricted_page
    for n in range(TRIES):
        page_password(client, page, restriction, "wrong", address=f"192.0.2.{n}")
    other = page.add_child(instance=page.__class__(title="Other", slug="other"))
    # Another restriction below (a page of its own restricted with its own password).
    other_restriction = PageViewRestriction.objects.create(
        page=other, restriction_type=PageViewRestriction.PASSWORD, password="another-one"
    )
    assert page_password(
        client, other, other_restriction, "another-one", EDITOR_HOME
    ).status_code == (302)


def test_the_right_page_password_first_time_is_let_in(client, restricted_page):
    page, restriction = restricted_page
    assert page_password(client, page, restriction, PASSWORD).status_code == 302


def test_the_document_password_form_locks_after_repeated_failures(client, db):
    collection = Collection.get_first_root_node().add_child(name="Handouts")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=PASSWORD,
    )
    url = f"/documents/authenticate_with_password/{restriction.pk}/"

    def submit(password):
        return client.post(url, {"password": password, "return_url": "/"}, REMOTE_ADDR=ATTACKER)

    statuses = [submit(f"wrong-{n}").status_code for n in range(TRIES)]
    assert statuses[:9] == [200] * 9
    assert set(statuses[10:]) == {429}
    assert submit(PASSWORD).status_code == 429
    call_command("axes_reset_username", f"document-restriction:{restriction.pk}")
    call_command("axes_reset_ip", ATTACKER)
    assert submit(PASSWORD).status_code == 302


# The shared cache: two app servers, two Redis clients, one count.


@pytest.fixture
def two_app_servers(settings, two_redis_caches):
    """Two app servers' caches (tests/conftest.py), each with its own axes handler."""
    handlers = {}
    for name in ("server_a", "server_b"):
        settings.AXES_CACHE = name
        handlers[name] = AxesCacheHandler()
    assert handlers["server_a"].cache is not handlers["server_b"].cache
    yield handlers
    AxesProxyHandler.implementation = None  # the next test builds the handler its settings say


@pytest.mark.redis
def test_a_lock_made_on_one_app_server_holds_on_another(client, editor, two_app_servers):
    AxesProxyHandler.implementation = two_app_servers["server_a"]
    assert guess(client)[-1] == 429

    AxesProxyHandler.implementation = two_app_servers["server_b"]
    assert_locked(log_in(client, address=EDITOR_HOME))

    call_command("axes_reset_username", "editor")  # run on server B
    AxesProxyHandler.implementation = two_app_servers["server_a"]
    assert log_in(client, address=EDITOR_HOME).status_code == 302


def test_without_redis_the_database_counts_for_every_process(client, editor, settings):
    # What base settings pick when REDIS_URL is unset: axes' database handler.
    settings.AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
    assert guess(client)[-1] == 429
    assert_locked(log_in(client, address=EDITOR_HOME))  # the account, from anywhere
    call_command("axes_reset_username", "editor")
    assert log_in(client, address=EDITOR_HOME).status_code == 302


@pytest.mark.parametrize("variable", ["LOGIN_FAILURE_LIMIT", "LOGIN_LOCKOUT_MINUTES"])
def test_a_lockout_that_could_never_lock_is_a_configuration_error(variable):
    # A zero cool-off would store every count with a zero timeout: nothing would ever lock.
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parents[2],
        env=os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings.dev", variable: "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be at least 1" in result.stderr
