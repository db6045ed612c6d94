"""Fixtures shared by the whole suite, and the one place where a test skips for what it needs.

Markers (registered in pyproject.toml):
- `browser`: drives Chromium through Playwright; every test under tests/browser/ has it.
- `ffmpeg`: runs the ffmpeg and ffprobe binaries.
- `axe`: checks accessibility with axe-core; every test using the `axe_violations` fixture has it.
- `postgres`: PostgreSQL-only behaviour.
- `redis`: talks to a real Redis server (the shared cache several app servers use).

Outside CI a missing tool skips the tests that need it, and the reason names the tool and the
command that installs it; a missing axe-core skips only the accessibility assertions (the test's
functional steps still run, and a warning says what went unchecked). Under CI (`CI=true`, as
`.ci/run` runs) a missing tool fails those tests instead (a missing axe-core once the functional
steps have run), and any other skip of a test that needs a tool fails too: a green CI means
every promised test ran. A `postgres` test skips on SQLite,
under CI too: `make test` runs the suite on PostgreSQL as well, and tests/test_ci_collection.py
checks that those tests are collected and run there.
"""

import os
import shutil
import socket
import urllib.parse
import uuid
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from wagtail.models import Collection as WagtailCollection
from wagtail.models import Locale, Page, Site

from home.models import HomePage

TESTS = Path(__file__).resolve().parent
BROWSER_TESTS = TESTS / "browser"
CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
# Overridable so another machine's Chromium or axe-core can be used (and a missing one simulated).
CHROMIUM = Path(os.environ.get("FASCIA_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(os.environ.get("FASCIA_AXE_PATH", TESTS.parent / "node_modules/axe-core/axe.min.js"))
MARKERS = ("browser", "ffmpeg", "axe", "postgres", "redis")
POSTGRES_ONLY = (
    "PostgreSQL-only: runs when DATABASE_URL is a PostgreSQL URL "
    "(`make test` does a PostgreSQL pass after the SQLite one)"
)


class AccessibilityNotChecked(UserWarning):
    """axe-core is missing (outside CI): the test ran, its accessibility assertions did not."""


def missing_chromium():
    return [] if os.access(CHROMIUM, os.X_OK) else [f"Chromium at {CHROMIUM}"]


def missing_ffmpeg():
    # The clip helpers run `ffmpeg`; the pipeline runs the binaries its settings name.
    names = {
        "ffmpeg",
        "ffprobe",
        django_settings.VIDEO_FFMPEG_BINARY,
        django_settings.VIDEO_FFPROBE_BINARY,
    }
    absent = [name for name in sorted(names) if shutil.which(name) is None]
    return [f"{' and '.join(absent)} on PATH"] if absent else []


def missing_axe():
    return [] if AXE.is_file() else [f"axe-core at {AXE}"]


def missing_redis():
    # The Redis tests use REDIS_URL when set, else a database of the local server.
    url = urllib.parse.urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    address = (url.hostname or "127.0.0.1", url.port or 6379)
    try:
        socket.create_connection(address, timeout=1).close()
    except OSError:
        return [f"a Redis server at {address[0]}:{address[1]}"]
    return []


@dataclass(frozen=True)
class Tool:
    """What the tests of one marker need from the machine, and how a newcomer installs it."""

    marker: str
    needs: str
    install: str
    missing: Callable[[], list[str]]

    def problem(self):
        """None when everything is there, else a sentence naming what is missing and the fix."""
        if missing := self.missing():
            return f"{self.needs} need {' and '.join(missing)}, not found; install: {self.install}"
        return None


TOOLS = (
    Tool(
        "browser",
        "browser tests",
        "`sudo apt-get install chromium fonts-dejavu-core` (`make system` does it as root), "
        "or point FASCIA_CHROMIUM at a Chromium binary",
        missing_chromium,
    ),
    Tool(
        "ffmpeg",
        "ffmpeg tests",
        "`sudo apt-get install ffmpeg` (`make system` does it as root)",
        missing_ffmpeg,
    ),
    Tool(
        "axe",
        "accessibility checks",
        "`npm ci` in the project folder (`make system` does it; npm itself: "
        "`sudo apt-get install npm`), or point FASCIA_AXE_PATH at axe.min.js",
        missing_axe,
    ),
    Tool(
        "redis",
        "Redis tests",
        "`sudo apt-get install redis-server` and start it, or point REDIS_URL at one",
        missing_redis,
    ),
)


@dataclass
class Collection:
    """What this run collected, per marker; tests/test_ci_collection.py reads it."""

    ci: bool
    whole_suite: bool
    database: str
    problems: dict = field(default_factory=dict)  # marker -> what is missing, for missing tools
    selected: Counter = field(default_factory=Counter)
    deselected: Counter = field(default_factory=Counter)
    # Selected tests that cannot run here: their tool is missing, or PostgreSQL-only on SQLite.
    unmet: Counter = field(default_factory=Counter)
    self_skipping: list = field(default_factory=list)  # tests needing a tool with a skip mark


COLLECTION = pytest.StashKey[Collection]()
UNCHECKED = pytest.StashKey[str]()  # why this test's accessibility assertions check nothing
CI_FAILS = "CI=true, so this is a failure, not a skip: "


def covers_the_whole_suite(config):
    """True when the run was given all of tests/ (no arguments, `pytest tests`, `pytest .`), as
    `make test` runs it. -k and -m still narrow such a run, and the collection floors catch that."""
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == TESTS or path in TESTS.parents:
            return True
    return False


def markers_of(item):
    return [name for name in MARKERS if item.get_closest_marker(name)]


def can_run_here(marker, record):
    if marker == "postgres":
        return record.database == "postgresql"
    return marker not in record.problems


def must_run_here(item):
    """A test that needs a tool, unless it is PostgreSQL-only and this is the SQLite pass."""
    names = markers_of(item)
    record = item.config.stash[COLLECTION]
    return bool(names) and ("postgres" not in names or can_run_here("postgres", record))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Marks by folder and fixture, before -m selects, then notes what cannot run here."""
    record = Collection(CI, covers_the_whole_suite(config), connection.vendor)
    record.problems = {tool.marker: tool.problem() for tool in TOOLS if tool.problem()}
    config.stash[COLLECTION] = record
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)
        if "axe_violations" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.axe)


def pytest_deselected(items):
    for item in items:
        item.config.stash[COLLECTION].deselected.update(markers_of(item))


def pytest_collection_finish(session):
    record = session.config.stash[COLLECTION]
    for item in session.items:
        names = markers_of(item)
        record.selected.update(names)
        record.unmet.update(name for name in names if not can_run_here(name, record))
        if names and (item.get_closest_marker("skip") or item.get_closest_marker("skipif")):
            record.self_skipping.append(item.nodeid)


def pytest_report_header(config):
    problems = [tool.problem() for tool in TOOLS if tool.problem()]
    mode = (
        "CI=true: a missing tool fails the tests that need it"
        if CI
        else "not CI: a missing tool skips the tests that need it (CI=true fails them)"
    )
    return [f"fascia: {mode}; database: {connection.vendor}", *problems]


def pytest_terminal_summary(terminalreporter, config):
    record = config.stash.get(COLLECTION, None)
    if record is None:
        return

    def counts(counter):
        return ", ".join(f"{name} {counter[name]}" for name in MARKERS)

    terminalreporter.write_line(
        f"fascia collection ({record.database}): selected {counts(record.selected)}; "
        f"deselected {counts(record.deselected)}; cannot run here {counts(record.unmet)}"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """The one place where a test skips, or under CI fails, for what the machine lacks."""
    names = markers_of(item)
    record = item.config.stash[COLLECTION]
    if "postgres" in names and not can_run_here("postgres", record):
        pytest.skip(POSTGRES_ONLY)
    unmet = {name: record.problems[name] for name in names if name in record.problems}
    if any(name != "axe" for name in unmet):
        if CI:
            pytest.fail(CI_FAILS + " ".join(unmet.values()), pytrace=False)
        pytest.skip(" ".join(unmet.values()))
    if unmet:
        # Only axe-core is missing: the functional steps run, the accessibility assertions
        # check nothing (see the axe_violations fixture); under CI the teardown fails the test.
        item.stash[UNCHECKED] = unmet["axe"]
        if not CI:
            warnings.warn(AccessibilityNotChecked(unmet["axe"]), stacklevel=1)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if CI and UNCHECKED in item.stash:
        pytest.fail(CI_FAILS + "the test ran, but " + item.stash[UNCHECKED], pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Under CI a test that needs a tool may not skip, whatever skipped it (a skipif mark, an
    importorskip in a fixture): the skip becomes a failure that quotes its reason."""
    report = yield
    if CI and report.skipped and not hasattr(report, "wasxfail") and must_run_here(item):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        reason = str(reason).removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = (
            f"CI=true: this {'/'.join(markers_of(item))} test must run under CI, "
            f"but it skipped: {reason}"
        )
    return report


@pytest.fixture(scope="session")
def chromium_executable():
    """The Chromium binary the browser tests drive (FASCIA_CHROMIUM overrides the path)."""
    return CHROMIUM


@pytest.fixture(scope="session")
def axe_script():
    """axe-core's script (FASCIA_AXE_PATH overrides the path), or None when it is missing: then
    the accessibility assertions check nothing (pytest_runtest_setup says so, or under CI fails
    the test)."""
    return AXE if AXE.is_file() else None


@pytest.fixture
def collection(request):
    """What this run collected, per marker (see Collection)."""
    return request.config.stash[COLLECTION]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    """Every test writes uploads to its own temporary MEDIA_ROOT, removed afterwards."""
    path = tmp_path_factory.mktemp("media")
    settings.MEDIA_ROOT = str(path)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(autouse=True)
def clear_cache():
    """Tests share one local-memory cache; row ids repeat after rollbacks, so stale entries
    keyed by id would leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


def _is_transactional(request):
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        return True
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


@pytest.fixture(autouse=True)
def wagtail_tree(request):
    """Transactional tests (browser tests, migration tests) flush the tables, taking the locale,
    page root and root collection that Wagtail's migrations made; pytest-django runs them after
    the others, so each one puts them back first, as content needs them on a real site."""
    if not _is_transactional(request):
        return
    request.getfixturevalue("transactional_db")
    Locale.objects.get_or_create(language_code="en")
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root")
    if WagtailCollection.get_first_root_node() is None:
        WagtailCollection.add_root(name="Root")


@pytest.fixture
def home_page(db):
    """A published HomePage as the default site's root, as seed_demo leaves it."""
    root = Page.get_first_root_node()
    for page in root.get_children():
        page.delete()
    home = root.add_child(instance=HomePage(title="Home", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="testserver", port=80, root_page=home, is_default_site=True, site_name="Fascia"
    )
    return home


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def two_redis_caches(settings):
    """Caches "server_a" and "server_b": two separate Redis clients on one Redis database, as
    two app servers have (REDIS_URL, else 127.0.0.1:6379/4); a run-unique key prefix keeps
    other runs' keys apart, and they are deleted afterwards."""
    from django.core.cache import caches

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/4"
    prefix = f"fascia-test-{uuid.uuid4().hex}"
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "server_a": redis | {"KEY_PREFIX": prefix},
        "server_b": redis | {"KEY_PREFIX": prefix},
    }
    assert caches["server_a"] is not caches["server_b"]
    yield prefix
    client = caches["server_a"]._cache.get_client()
    if keys := list(client.scan_iter(f"{prefix}:*")):
        client.delete(*keys)
