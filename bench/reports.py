"""The editorial reports at the benchmark's sizes: 50,000 therapists and 5,000 routines.

Each report's whole admin page (what a signed-in superuser's browser gets, menu and all) is
requested through the test client, first page and last page, unfiltered and with a filter.
Printed: median milliseconds, the ratios to Wagtail's own "Locked pages" report (the same admin
page around a report with no rows of ours) and to a trivial view (/healthz), both measured in
the same run, and the queries the page made. Target (the editorial issue): at most 10 queries
a page at any size; the ratios say what a page costs on this shared machine.
Usage: .venv/bin/python bench/reports.py [--database sqlite|postgres|both]
[--therapists 50000] [--routines 5000]
"""

import datetime
import os
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import for_each_database, parse_args, report, setup_django, timed  # noqa: E402

common.BENCH_PG_NAME = "fascia_bench_reports"
QUERY_TARGET = 10
PAGE_COUNT_RE = re.compile(r"Page \d+ of ([\d,]+)")


def add_arguments(parser):
    parser.add_argument("--therapists", type=int, default=50_000)
    parser.add_argument("--routines", type=int, default=5_000)


def build_education(count):
    from django.db.models import F
    from wagtail.models import Page

    from bench import education_data
    from education.models import RoutineIndexPage, SelfCareRoutinePage

    home = education_data.site()
    areas, conditions = education_data.taxonomy()
    index = Page.objects.get(pk=home.pk).add_child(
        instance=RoutineIndexPage(title="Self-care", slug="self-care")
    )
    education_data.bulk_add_routines(index, count, 11, areas, conditions)
    # A spread of review dates and grades, so every report has rows on many pages.
    today = datetime.date.today()
    pages = SelfCareRoutinePage.objects.all()
    ids = list(pages.order_by("pk").values_list("pk", flat=True))
    for group, days in ((0, -9), (1, 9), (2, 99)):  # overdue, due soon, later; a quarter never
        chosen = ids[group::4]
        due = today + datetime.timedelta(days=days)
        pages.filter(pk__in=chosen).update(next_review_due=due)
    pages.update(reading_grade=F("total_minutes") / 4)
    return count


def build_directory(count):
    from bench.directory_data import write_csv
    from directory.importer import import_directory, read_csv
    from directory.models import Licence

    path = os.path.join(tempfile.mkdtemp(prefix="fascia-bench-reports-"), "directory.csv")
    write_csv(path, count)
    import_directory(read_csv(path))
    # About one listing in ten hidden by its licence, for the hidden-listings report.
    ids = list(Licence.objects.order_by("pk").values_list("pk", flat=True))
    Licence.objects.filter(pk__in=ids[::10]).update(verified_at=None)
    return count


def build_videos_and_tokens():
    from bench import education_data  # noqa: F401 - models are set up
    from feeds.models.partners import ApiToken, ApiTokenUsage, Partner
    from videos.models import ExerciseVideo

    ExerciseVideo.objects.bulk_create(
        ExerciseVideo(
            title=f"Video {n}",
            file=f"videos/originals/v{n}.mp4",
            status=("processing", "failed", "ready")[n % 3],
            failure_reason="The file has no video stream." if n % 3 == 1 else "",
        )
        for n in range(300)
    )
    today = datetime.date.today()
    for n in range(20):
        partner = Partner.objects.create(name=f"Partner {n}", contact_email=f"p{n}@x.example")
        for m in range(5):
            token, _ = ApiToken.issue(partner, f"Token {m}")
            ApiTokenUsage.objects.bulk_create(
                ApiTokenUsage(token=token, day=today - datetime.timedelta(days=d), count=d + m)
                for d in range(30)
            )


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.create_superuser("bench", "bench@x.example", "unused")
    client = Client()
    client.force_login(user)
    return client


def page_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def last_page(client, url):
    match = PAGE_COUNT_RE.search(page_of(client, url))
    return int(match.group(1).replace(",", "")) if match else 1


def queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_of(client, url)
    with CaptureQueriesContext(connection) as captured:
        page_of(client, url)
    return len(captured)


WAGTAIL_REPORT = "/admin/reports/locked/"
REPORTS = [
    ("Due for clinical review", "/admin/reports/review-due/", "window=overdue"),
    ("Reading grade above target", "/admin/reports/reading-grade/", "override=no"),
    ("Licences expiring", "/admin/reports/licences/", "window=30"),
    ("Listings hidden by licences", "/admin/reports/hidden-listings/", "reason=unverified"),
    ("Videos needing attention", "/admin/reports/videos/", "problem=failed"),
    ("Partner usage", "/admin/reports/partner-usage/", ""),
]


def main():
    args = parse_args(add_arguments)
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection

    started = time.perf_counter()
    build_education(args.routines)
    build_directory(args.therapists)
    build_videos_and_tokens()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    vendor = connection.vendor
    print(
        f"\n[{vendor}] built {args.routines} routines and {args.therapists} therapists in", end=" "
    )
    print(f"{time.perf_counter() - started:.0f} s")

    client = signed_in_client()
    trivial_ms, _ = timed(lambda: client.get("/healthz"), repeat=51)
    # Wagtail's own report view, with the same admin page around it: what any admin report
    # costs before its own rows.
    wagtail_ms, _ = timed(lambda: page_of(client, WAGTAIL_REPORT), repeat=15)
    rows = [
        ("trivial view /healthz (reference)", f"{trivial_ms:.2f} ms"),
        (
            "Wagtail's Locked pages report (reference)",
            f"{wagtail_ms:.1f} ms, {queries(client, WAGTAIL_REPORT)} queries",
        ),
    ]
    worst_queries = 0
    for label, url, query in REPORTS:
        cases = [("page 1", url)]
        last = last_page(client, url)
        if last > 1:
            cases.append((f"last page ({last})", f"{url}?p={last}"))
        if query:
            cases.append((f"filtered ({query})", f"{url}?{query}"))
        for case, case_url in cases:
            ms, p95 = timed(lambda u=case_url: page_of(client, u), repeat=15)
            count = queries(client, case_url)
            worst_queries = max(worst_queries, count)
            rows.append(
                (
                    f"{label}, {case}",
                    f"{ms:7.1f} ms (p95 {p95:7.1f}) = {ms / wagtail_ms:4.2f}x Wagtail's report",
                    f"= {ms / trivial_ms:6.1f}x trivial, {count} queries",
                )
            )
    verdict = "PASS" if worst_queries <= QUERY_TARGET else "MISS"
    rows.append(
        ("worst queries per page", f"{worst_queries} (target <= {QUERY_TARGET}): {verdict}")
    )
    report(f"[{vendor}] report pages, median of 15", rows)


if __name__ == "__main__":
    main()
