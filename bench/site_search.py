"""The search page and the search API against the ranking function they wrap, at 5,000 routines.

Same data, same run, same database: for each query, the median of the ranking call alone
(search.ranking.search, top 10 with the total), of GET /search/ and of GET /api/search with the
same ten hits, through the test client as a visitor does. Target: the page and the API cost at
most 3 times the ranking. For reference, the search page without a query (the base template:
the request's site, its settings, the menu) and a trivial request (/healthz), which every page
pays whatever it searches. Usage: .venv/bin/python bench/site_search.py
[--database sqlite|postgres|both] [--routines 5000]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import for_each_database, parse_args, report, setup_django, timed  # noqa: E402
from bench.search_data import searchable_routines  # noqa: E402

TARGET_RATIO = 3.0
ROUNDS = 3  # ranking, page and API alternate, so a busy moment on the machine hits all alike
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


def ranking_call(params):
    from search import ranking

    filters = ranking.Filters(area=params.get("area", ""), difficulty=params.get("difficulty", ""))
    offset = (int(params.get("page", 1)) - 1) * PER_PAGE
    return ranking.search(params["q"], filters, limit=PER_PAGE, offset=offset)


def get(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 200, (url, params, response.status_code)
    return response


def measure(client, params):
    api_params = {**params, "page_size": PER_PAGE}
    runs = {
        "ranking": lambda: ranking_call(params),
        "page": lambda: get(client, "/search/", params),
        "api": lambda: get(client, "/api/search", api_params),
    }
    samples = {name: [] for name in runs}
    for _ in range(ROUNDS):
        for name, run in runs.items():
            samples[name].append(timed(run, repeat=11)[0])
    return {name: sorted(values)[len(values) // 2] for name, values in samples.items()}


def main():
    args = parse_args(add_arguments)
    if for_each_database(args):
        return
    setup_django(args.database)
    from django.db import connection
    from django.test import Client

    searchable_routines(args.routines)
    client = Client()
    rows, worst = [], {"page": 0.0, "api": 0.0}
    for label, params in CASES:
        results = ranking_call(params)
        assert len(results.hits) == PER_PAGE, (label, results.total)
        medians = measure(client, params)
        ratios = {name: medians[name] / medians["ranking"] for name in worst}
        for name in worst:
            worst[name] = max(worst[name], ratios[name])
        rows.append(
            (
                f"{label} {params} ({results.total} hits)",
                f"ranking {medians['ranking']:6.2f} ms",
                f"| page {medians['page']:6.2f} ms ({ratios['page']:.1f}x)",
                f"| API {medians['api']:6.2f} ms ({ratios['api']:.1f}x)",
            )
        )
    skeleton = timed(lambda: get(client, "/search/", {}), repeat=31)[0]
    trivial = timed(lambda: get(client, "/healthz", {}), repeat=31)[0]
    rows.append(
        ("reference", f"page without a query {skeleton:6.2f} ms", f"| /healthz {trivial:6.2f} ms")
    )
    verdict = "met" if max(worst.values()) <= TARGET_RATIO else "MISSED"
    rows.append(
        (
            "worst ratio",
            f"page {worst['page']:.1f}x, API {worst['api']:.1f}x",
            f"(target <= {TARGET_RATIO:.0f}x: {verdict})",
        )
    )
    report(f"Site search, {args.routines} routines, {connection.vendor}, medians", rows)


if __name__ == "__main__":
    main()
