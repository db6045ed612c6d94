from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET

from education.filters import TIME_OPTIONS
from education.models.routines import DIFFICULTY_CHOICES
from search import ranking
from search.params import SearchParams, taxonomy_options

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10


@require_GET
def search(request):
    """Site search (/search/): ranked in the database's own full-text index
    (search/ranking.py), with the education filters (type, body area, condition, difficulty,
    time)."""
    params = SearchParams(request.GET, MAX_QUERY_LENGTH)
    areas, conditions = taxonomy_options()
    params.apply(areas, conditions, dict(DIFFICULTY_CHOICES))
    results = ranking.Results()
    if params.query:
        results = _results(params)
        if results.total and not results.hits and params.page > 1:
            params.page = 1  # a page past the end (an old link): show the first one
            results = _results(params)
        results.link(request)
    page_count = max(1, -(-results.total // RESULTS_PER_PAGE))
    context = {
        "search_query": params.query,
        "error": params.errors[0] if params.errors else None,
        "filter_notices": params.notices,
        "results": results,
        "selects": _selects(params.raw, areas, conditions),
        "page_number": params.page,
        "first_number": (params.page - 1) * RESULTS_PER_PAGE + 1,
        "page_count": page_count,
        "previous_url": params.url_for_page(params.page - 1) if params.page > 1 else "",
        "next_url": params.url_for_page(params.page + 1) if params.page < page_count else "",
        "is_filtered": params.is_filtered,
    }
    return TemplateResponse(request, "search/search.html", context)


def _selects(selected, areas, conditions):
    """The filter menus, each option with whether it is the one chosen (one loop in the
    template instead of five)."""
    kinds = [(key, f"{label}s") for key, label in ranking.KINDS.items() if key != "page"]
    times = [(str(minutes), f"{minutes} min or less") for minutes in TIME_OPTIONS]
    menus = [
        ("type", "type", "Type", "Everything", kinds),
        ("area", "area", "Body area", "Any", areas.items()),  # by name, the models' order
        ("condition", "condition", "Condition", "Any", conditions.items()),
        ("difficulty", "difficulty", "Difficulty", "Any", DIFFICULTY_CHOICES),
        ("time", "max_time", "Time", "Any", times),
    ]
    return [
        {
            "id": menu_id,
            "name": name,
            "label": label,
            "empty": empty,
            "options": [(value, text, value == selected[name]) for value, text in options],
        }
        for menu_id, name, label, empty, options in menus
    ]


def _results(params):
    offset = (params.page - 1) * RESULTS_PER_PAGE
    return ranking.search(params.query, params.filters, limit=RESULTS_PER_PAGE, offset=offset)
