"""CI cannot quietly run fewer tests than it promises.

The root conftest records, at collection, how many tests of each marker this run selected, how
many -k/-m deselected, and how many cannot run here (see `Collection` in tests/conftest.py).
"""

import os

import pytest
from django.db import connection

# The counts when this test was written. Raise a floor when you add tests of its kind; lower one
# only in the commit that removes such tests, saying why. ffmpeg 48: the ISO-duration test needs
# no ffmpeg and moved to tests/videos/test_text.py. postgres 2: the vector table's TRUNCATE test.
# #10 added the lockout pages and /api/docs in Chromium (browser +3, axe +2), the pool burst and
# its checks (postgres +3), the shared lockout and the site cache on a real Redis (redis 2).
# #11 added the API rate limit across two Redis clients (redis 3).
FLOORS = {"browser": 16, "ffmpeg": 48, "axe": 8, "postgres": 5, "redis": 3}


def counts_against_the_floors(collection):
    """Under CI a test counts when it is selected and can run; a local run counts what it found."""
    if not collection.ci:
        return collection.selected + collection.deselected
    counts = collection.selected - collection.unmet
    if collection.database != "postgresql":
        # They skip on the SQLite pass by design and run on the PostgreSQL one.
        counts["postgres"] = collection.selected["postgres"]
    return counts


def test_tests_that_need_a_tool_leave_skipping_to_the_root_conftest(collection):
    assert collection.self_skipping == [], (
        f"{collection.self_skipping} carry their own skip or skipif mark: give them the marker "
        "of what they need (browser, ffmpeg, axe, postgres) and leave skipping to tests/conftest.py"
    )


def test_ci_lacks_no_tool(collection):
    if not collection.ci:
        pytest.skip("outside CI a missing tool only skips the tests that need it")
    assert collection.problems == {}, "CI=true, but: " + " ".join(collection.problems.values())


def test_a_whole_suite_run_collects_at_least_the_floors(collection):
    if not collection.whole_suite:
        pytest.skip("the floors apply to a run of all of tests/, as `make test` runs it")
    counts = counts_against_the_floors(collection)
    short = {marker: counts[marker] for marker, floor in FLOORS.items() if counts[marker] < floor}
    assert short == {}, (
        f"fewer tests than the floors {FLOORS}: {short}; deselected by -k/-m: "
        f"{dict(collection.deselected)}, unable to run here: {dict(collection.unmet)}"
    )


@pytest.mark.postgres
def test_the_postgresql_pass_really_runs_on_postgresql(db):
    """The SQLite pass skips this; on the PostgreSQL pass it checks that the suite did not fall
    back to another database than the one DATABASE_URL names."""
    assert os.environ["DATABASE_URL"].startswith(("postgres://", "postgresql://"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), version()")
        name, version = cursor.fetchone()
    assert name == connection.settings_dict["NAME"]  # pytest-django's test_… database
    assert version.startswith("PostgreSQL ")
