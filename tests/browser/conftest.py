"""Playwright driving Debian's Chromium against pytest-django's live server.

Every test here is a `browser` test and one using `axe_violations` an `axe` test: the root
conftest marks them and decides what happens when Chromium or axe-core is missing.
Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
from the test itself unless told that this is deliberate.
"""

import importlib
import os

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser(chromium_executable):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_executable), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def seed_demo(*apps):
    """The demo content of home and then of the given apps, as `manage.py seed_demo` loads it."""
    for app in ("home", *apps):
        importlib.import_module(f"{app}.demo").seed(lambda message: None)


EDITOR = ("editor", "s3cret-pass")


@pytest.fixture
def editor(transactional_db):
    username, password = EDITOR
    return get_user_model().objects.create_superuser(username, "editor@fascia.example", password)


def log_in(page, live_server, username=EDITOR[0], password=EDITOR[1]):
    """Sign in through the admin's own login form, as an editor does."""
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


@pytest.fixture
def page(browser):
    # bypass_csp lets the test inject axe-core; the site's own policy stays as it is.
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def axe_violations(axe_script):
    """A function that runs axe-core on a page and returns its serious and critical violations.

    Without axe-core it checks nothing and returns none, so the test's functional steps still
    run; the root conftest warns that the accessibility went unchecked, or under CI fails the
    test once it has run.
    """

    def run(page, impacts=("serious", "critical")):
        if axe_script is None:
            return []
        page.add_script_tag(path=str(axe_script))
        result = page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', "
            "'wcag22aa', 'best-practice']})"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in result["violations"]
            if v["impact"] in impacts
        ]

    return run
