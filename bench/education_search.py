"""Site search at 5,000 routines: our full-text index vs Wagtail's default database backend.

Same data, same run, same database: median and p95 over several queries, top 10 results with
the total (what the search page shows). Usage: .venv/bin/python bench/education_search.py
[--database sqlite|postgres|both] [--routines 5000]
"""

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import for_each_database, parse_args, report, setup_django, timed  # noqa: E402

# Our own throwaway PostgreSQL database: other benchmarks may drop the shared one mid-run.
common.BENCH_PG_NAME = "fascia_bench_education"

# Words both engines match as typed (Wagtail's SQLite backend does not stem), so each side
# finds the same pages and the comparison is like for like.
QUERIES = ["neck", "calves", "foam roller", "breathe", "squeeze knee", "hold relax wall"]
AREAS = ["neck", "shoulders", "upper back", "low back", "hips", "calves", "hamstrings", "jaw"]
ACTIONS = ["release", "stretch", "roll", "massage", "warm-up", "cool-down", "reset", "care"]
WORDS = [
    "slow",
    "gentle",
    "press",
    "hold",
    "breathe",
    "relax",
    "lean",
    "roll",
    "knot",
    "tight",
    "muscle",
    "soft",
    "ball",
    "foam",
    "roller",
    "towel",
    "wall",
    "chair",
    "floor",
    "knee",
    "hip",
    "heel",
    "toe",
    "arm",
    "elbow",
    "wrist",
    "spine",
    "chest",
    "belly",
    "blade",
    "squeeze",
    "circle",
    "sweep",
    "stand",
    "sit",
    "lie",
    "rest",
    "count",
    "minute",
    "second",
    "side",
    "switch",
    "repeat",
    "ease",
    "loosen",
    "warm",
]


def add_arguments(parser):
    parser.add_argument("--routines", type=int, default=5000)


def sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def step(rng, number):
    return {
        "type": "step",
        "value": {
            "title": f"{rng.choice(ACTIONS).capitalize()} {number}",
            "instructions": f"<p>{sentence(rng, 10)} {sentence(rng, 8)}</p>",
            "duration_seconds": rng.choice([30, 45, 60, 90]),
            "sets": None,
            "reps": None,
            "image": None,
            "caution": "",
            "video_start": None,
            "video_end": None,
        },
    }


def build(count):
    from django.db import connection, transaction
    from wagtail.models import Page, Site

    from education import search
    from education.models import BodyArea, RoutineIndexPage, SelfCareRoutinePage
    from home.models import HomePage

    rng = random.Random(5000)  # noqa: S311 - reproducible data, not security
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Home", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    index = home.add_child(instance=RoutineIndexPage(title="Self-care", slug="self-care"))
    areas = [BodyArea.objects.create(name=a.title(), slug=a.replace(" ", "-")) for a in AREAS]
    started = time.perf_counter()
    with transaction.atomic():
        for number in range(count):
            area = rng.choice(areas)
            page = SelfCareRoutinePage(
                title=f"{area.name} {rng.choice(ACTIONS)} {number}",
                slug=f"routine-{number}",
                summary=f"{sentence(rng, 12)} Good for the {area.name.lower()}.",
                difficulty=rng.choice(["easy", "moderate", "challenging"]),
                total_minutes=rng.choice([5, 10, 15, 20, 30]),
                steps=json.dumps([step(rng, n) for n in range(1, rng.randint(3, 6))]),
                red_flags=json.dumps([{"type": "red_flag", "value": sentence(rng, 6)}]),
                live=True,
            )
            page.body_areas = [area]
            index.add_child(instance=page)
            search.index_page(page)  # what publishing does through its signal
    seconds = time.perf_counter() - started
    if connection.vendor == "postgresql":
        # Measure the steady state autovacuum reaches, for both engines' tables alike: fresh
        # statistics, and GIN pending lists merged (Wagtail's index keeps one; ours has none).
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return seconds


def wagtail_top10_and_count(query):
    from wagtail.models import Page

    # operator="and": every word must match, as in ours.
    results = Page.objects.live().search(query, operator="and")
    return list(results[:10]), results.count()


def ours_top10_and_count(query):
    from education import search

    results = search.search(query, limit=10)
    return results.hits, results.total


def main():
    args = parse_args(add_arguments)
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection

    seconds = build(args.routines)
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
