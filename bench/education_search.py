"""Site search at 5,000 routines: our full-text index vs Wagtail's default database backend.

Same data, same run, same database: median and p95 over several queries, top 10 results with
the total (what the search page shows). Usage: .venv/bin/python bench/education_search.py
[--database sqlite|postgres|both] [--routines 5000]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import for_each_database, parse_args, report, setup_django, timed  # noqa: E402
from bench.search_data import searchable_routines  # noqa: E402

# Our own throwaway PostgreSQL database: other benchmarks may drop the shared one mid-run.
common.BENCH_PG_NAME = "fascia_bench_education"

# Words both engines match as typed (Wagtail's SQLite backend does not stem), so each side
# finds the same pages and the comparison is like for like.
QUERIES = ["neck", "calves", "foam roller", "breathe", "squeeze knee", "hold relax wall"]


def add_arguments(parser):
    parser.add_argument("--routines", type=int, default=5000)


def wagtail_top10_and_count(query):
    from wagtail.models import Page

    # operator="and": every word must match, as in ours.
    results = Page.objects.live().search(query, operator="and")
    return list(results[:10]), results.count()


def ours_top10_and_count(query):
    from search import ranking

    results = ranking.search(query, limit=10)
    return results.hits, results.total


def main():
    args = parse_args(add_arguments)
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection

    seconds = searchable_routines(args.routines)
    print(f"\n[{connection.vendor}] built {args.routines} routines in {seconds:.0f} s")
    rows, ratios, ours_medians = [], [], []
    for query in QUERIES:
        wagtail_median, wagtail_p95 = timed(lambda q=query: wagtail_top10_and_count(q), repeat=7)
        ours_median, ours_p95 = timed(lambda q=query: ours_top10_and_count(q), repeat=21)
        total = ours_top10_and_count(query)[1]
        wagtail_total = wagtail_top10_and_count(query)[1]
        ratio = wagtail_median / ours_median
        ratios.append(ratio)
        ours_medians.append(ours_median)
        rows.append(
            (
                f"“{query}” ({total} hits; wagtail {wagtail_total})",
                f"ours {ours_median:7.2f} ms (p95 {ours_p95:6.2f})",
                f"| wagtail {wagtail_median:8.2f} ms (p95 {wagtail_p95:8.2f})",
                f"| {ratio:6.1f}x faster",
            )
        )
    rows.append(
        (
            "worst case",
            f"ours {max(ours_medians):.2f} ms median (target < 50 ms)",
            f"| slowest ratio {min(ratios):.1f}x (target >= 10x)",
        )
    )
    report(f"Search, {args.routines} routines, {connection.vendor}, top 10 + total", rows)


if __name__ == "__main__":
    main()
