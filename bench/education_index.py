"""The routine index page at 200 and at 5,000 routines, in one run, on each database.

Two index pages side by side, one with 200 routines and one with 5,000 (same mix of body areas,
conditions, difficulties and times), each requested through the test client as a visitor does:
unfiltered and filtered, first page and last page. Target: each case at 5,000 costs at most twice
the same case at 200. A trivial view (/healthz) is the reference for the fixed cost of a request.
Usage: .venv/bin/python bench/education_index.py [--database sqlite|postgres|both]
[--large 5000] (a larger --large shows how the cost grows past the target's size)
"""

import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import for_each_database, parse_args, report, setup_django, timed  # noqa: E402

common.BENCH_PG_NAME = "fascia_bench_education_index"
SMALL = 200
TARGET_RATIO = 2.0
FILTER = "area=neck&difficulty=easy"
PAGE_COUNT_RE = re.compile(r"Page \d+ of (\d+)")
# Small and large alternate in short runs, so a busy moment on the (shared) machine hits both
# alike: the median of each run, then the median of the runs.
ROUNDS, RUN = 15, 3


def build(large):
    from django.db import connection
    from wagtail.models import Page

    from bench import education_data
    from education.models import RoutineIndexPage

    home = education_data.site()
    areas, conditions = education_data.taxonomy()
    indexes = {}
    for size in (SMALL, large):
        index = Page.objects.get(pk=home.pk).add_child(
            instance=RoutineIndexPage(title="Self-care", slug=f"self-care-{size}")
        )
        education_data.bulk_add_routines(index, size, size, areas, conditions)
        indexes[size] = index
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the steady state autovacuum reaches
    return indexes


def upkeep(indexes):
    """What keeping the listing costs: one page re-listed (a publish) and a whole index."""
    from education.models import SelfCareRoutinePage, listing

    rows = []
    for size, index in indexes.items():
        page = SelfCareRoutinePage.objects.child_of(index).first()
        publish_ms, _ = timed(lambda p=page: listing.refresh_page(p), repeat=11)
        rebuild_ms, _ = timed(lambda i=index: listing.rebuild_index(i), repeat=3, warmup=0)
        rows.append(
            (
                f"listing upkeep at {size}",
                f"one page re-listed (publish) {publish_ms:6.2f} ms",
                f"| whole index rebuilt {rebuild_ms:8.1f} ms",
            )
        )
    return rows


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def last_page(client, url):
    match = PAGE_COUNT_RE.search(get(client, url))
    return int(match.group(1)) if match else 1


def cases(client, index_url):
    """[(case, url, page number)] for one index page."""
    last = last_page(client, index_url)
    filtered_last = last_page(client, f"{index_url}?{FILTER}")
    return [
        ("unfiltered, page 1", index_url, 1),
        ("unfiltered, last page", f"{index_url}?page={last}", last),
        ("filtered, page 1", f"{index_url}?{FILTER}", 1),
        ("filtered, last page", f"{index_url}?{FILTER}&page={filtered_last}", filtered_last),
    ]


def queries(url, client):
    """How many queries one request of url makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        get(client, url)
    return len(captured)


def cell(size, ms, page, query_count):
    return f"{size}: {ms:6.2f} ms (page {page}, {query_count} queries)"


def main():
    args = parse_args(lambda parser: parser.add_argument("--large", type=int, default=5000))
    large_size = args.large
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection
    from django.test import Client

    started = time.perf_counter()
    indexes = build(large_size)
    urls = {size: index.url for size, index in indexes.items()}
    print(f"\n[{connection.vendor}] built {SMALL} + {large_size} routines in", end=" ")
    print(f"{time.perf_counter() - started:.0f} s")
    client = Client()
    trivial_ms, _ = timed(lambda: client.get("/healthz"), repeat=51)
    rows = [("trivial view /healthz (reference)", f"{trivial_ms:.2f} ms")]
    worst = 0.0
    for (label, small_url, small_page), (_label, large_url, large_page) in zip(
        cases(client, urls[SMALL]), cases(client, urls[large_size]), strict=True
    ):
        small, large = [], []
        for _ in range(ROUNDS):
            small.append(timed(lambda u=small_url: get(client, u), repeat=RUN, warmup=1)[0])
            large.append(timed(lambda u=large_url: get(client, u), repeat=RUN, warmup=1)[0])
        small_ms, large_ms = statistics.median(small), statistics.median(large)
        ratio = large_ms / small_ms
        worst = max(worst, ratio)
        rows.append(
            (
                label,
                cell(SMALL, small_ms, small_page, queries(small_url, client)),
                "| " + cell(large_size, large_ms, large_page, queries(large_url, client)),
                f"| {ratio:4.2f}x",
            )
        )
    verdict = "met" if worst <= TARGET_RATIO else "MISSED"
    rows.append(("worst ratio", f"{worst:.2f}x (target <= {TARGET_RATIO:.0f}x: {verdict})"))
    rows += upkeep(indexes)
    report(f"Routine index, {SMALL} vs {large_size} routines, {connection.vendor}", rows)


if __name__ == "__main__":
    main()
