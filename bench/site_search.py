"""The search page and the search API against the ranking function they wrap, at 5,000 routines.

Same data, same run, same database: for each query, the median of the ranking call alone
(search.ranking.search, top 10 with the total), of GET /search/ and of GET /api/v1/search with the
same ten hits, through the test client as a visitor does. Target: the page and the API cost at
most 3 times the ranking. For reference, the search page without a query (the base template:
the request's site, its settings, the menu) and a trivial request (/healthz), which every page
pays whatever it searches.

The machine is shared and busy, so each figure is a median over several rounds in which the
ranking, the page and the API alternate, and on SQLite each row also gives the ratios in CPU
time (time.process_time of this process, which holds the database too): waiting for a core is
not counted in it, so it moves far less than wall time. On PostgreSQL the server's work is in
another process, so only wall time means anything there.
Usage: .venv/bin/python bench/site_search.py [--database sqlite|postgres|both]
[--routines 5000] [--rounds 5]
"""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import for_each_database, parse_args, report, samples, setup_django  # noqa: E402
from bench.search_data import searchable_routines  # noqa: E402

TARGET_RATIO = 3.0
REPEAT = 11  # calls per round; ranking, page and API alternate by round, so a busy moment on
# the machine hits all three alike
# (label, query string): a rare word, common ones, two words, a cut word (the prefix pass),
# a filter, a later page.
CASES = [
    ("rare word", {"q": "jaw"}),
    ("common word", {"q": "breathe"}),
    ("two words", {"q": "foam roller"}),
    ("cut word", {"q": "squeeze kne"}),
    ("filtered", {"q": "hold", "area": "neck", "difficulty": "easy"}),
    ("page 3", {"q": "relax", "page": "3"}),
]
PER_PAGE = 10


def add_arguments(parser):
    parser.add_argument("--routines", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=5)


def ranking_call(params):
    from search import ranking

    filters = ranking.Filters(area=params.get("area", ""), difficulty=params.get("difficulty", ""))
    offset = (int(params.get("page", 1)) - 1) * PER_PAGE
    return ranking.search(params["q"], filters, limit=PER_PAGE, offset=offset)


def get(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response


def measure(runs, rounds):
    """{name: (median wall ms, median CPU ms)} of each run over all rounds."""
    walls = {name: [] for name in runs}
    cpus = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            wall, cpu = samples(run, repeat=REPEAT)
            walls[name] += wall
            cpus[name] += cpu
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in runs}


def case_runs(client, params):
    api_params = {**params, "page_size": PER_PAGE}
    return {
        "ranking": lambda: ranking_call(params),
        "page": lambda: get(client, "/search/", params),
        "api": lambda: get(client, "/api/v1/search", api_params),
    }


def main():
    args = parse_args(add_arguments)
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection
    from django.test import Client

    searchable_routines(args.routines)
    client = Client()
    cpu_too = connection.vendor == "sqlite"
    clocks = ("wall", "CPU") if cpu_too else ("wall",)
    rows = []
    worst = {(name, clock): 0.0 for name in ("page", "api") for clock in clocks}
    for label, params in CASES:
        results = ranking_call(params)
        assert len(results.hits) == PER_PAGE, (label, results.total)
        medians = measure(case_runs(client, params), args.rounds)
        cells = [f"ranking {_ms(medians['ranking'], cpu_too)}"]
        for name, title in (("page", "page"), ("api", "API")):
            ratios = []
            for index, clock in enumerate(clocks):
                ratio = medians[name][index] / medians["ranking"][index]
                worst[name, clock] = max(worst[name, clock], ratio)
                ratios.append(f"{ratio:.1f}x")
            cells.append(f"| {title} {_ms(medians[name], cpu_too)} = {' / '.join(ratios)}")
        rows.append((f"{label} {params} ({results.total} hits)", *cells))
    references = measure(
        {
            "page without a query": lambda: get(client, "/search/", {}),
            "/healthz": lambda: get(client, "/healthz", {}),
        },
        args.rounds,
    )
    rows.append(
        ("reference", *(f"| {name} {_ms(value, cpu_too)}" for name, value in references.items()))
    )
    for clock in clocks:
        page, api = worst["page", clock], worst["api", clock]
        verdict = "met" if max(page, api) <= TARGET_RATIO else "MISSED"
        rows.append(
            (
                f"worst ratio, {clock} time",
                f"page {page:.1f}x, API {api:.1f}x",
                f"(target <= {TARGET_RATIO:.0f}x: {verdict})",
            )
        )
    unit = "median ms (wall / CPU) = ratio to the ranking (wall / CPU)" if cpu_too else "median ms"
    title = f"Site search, {args.routines} routines, {connection.vendor}, {args.rounds} rounds"
    report(f"{title}: {unit}", rows)


def _ms(value, cpu_too):
    wall, cpu = value
    return f"{wall:6.2f} / {cpu:5.2f} ms" if cpu_too else f"{wall:6.2f} ms"


if __name__ == "__main__":
    main()
