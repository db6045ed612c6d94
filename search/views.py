from functools import lru_cache

from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.html import format_html
from django.views.decorators.http import require_GET

from education.filters import TIME_OPTIONS
from education.models.routines import DIFFICULTY_CHOICES
from home import site_cache
from search import ranking
from search.params import SearchParams, taxonomy_options

MAX_QUERY_LENGTH = 200
RESULTS_PER_PAGE = 10
KIND_OPTIONS = tuple((key, f"{label}s") for key, label in ranking.KINDS.items() if key != "page")
TIME_CHOICES = tuple((str(minutes), f"{minutes} min or less") for minutes in TIME_OPTIONS)
MENU_NAMES = ("type", "area", "condition", "difficulty", "max_time")
HIT_HTML = """
        <li class="results__item">
            <p class="meta results__kind">{}</p>
            <h2 class="results__title"><a href="{}">{}</a></h2>
            {}{}
        </li>"""
SNIPPET_HTML = '<p class="results__snippet meta">{}</p>'


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
        site_cache.site_for_request(request)  # the links ask for it when there are several sites
        results.link(request)
    page_count = max(1, -(-results.total // RESULTS_PER_PAGE))
    context = {
        "search_query": params.query,
        "error": params.errors[0] if params.errors else None,
        "filter_notices": params.notices,
        "results": results,
        "hits": [_shown(hit) for hit in results.hits],
        "filters": _filters(params.raw, areas, conditions),
        "page_number": params.page,
        "first_number": (params.page - 1) * RESULTS_PER_PAGE + 1,
        "page_count": page_count,
        "previous_url": params.url_for_page(params.page - 1) if params.page > 1 else "",
        "next_url": params.url_for_page(params.page + 1) if params.page < page_count else "",
        "is_filtered": params.is_filtered,
    }
    return TemplateResponse(request, "search/search.html", context)


def _shown(hit):
    """One hit of the list, as HTML. Built here rather than in the template: the ten hits were
    most of the page's template work (each value looked up, localized and escaped node by
    node); format_html escapes each value as the template did."""
    level = hit.reading_level
    kind = hit.kind_label if level is None else f"{hit.kind_label} · Reading level: grade {level}"
    summary = format_html("<p>{}</p>", hit.summary) if hit.summary else ""
    snippet = format_html(SNIPPET_HTML, hit.snippet_html) if hit.snippet else ""
    return format_html(HIT_HTML, kind, hit.url, hit.title, summary, snippet)


def _filters(selected, areas, conditions):
    """The filter menus' HTML. The same choices over the same options give the same HTML, so it
    is rendered once per combination and process (the options are part of the key, so an
    edited body area or condition is a new key, never a stale menu)."""
    chosen = tuple(selected[name] for name in MENU_NAMES)
    return _rendered_filters(tuple(areas.items()), tuple(conditions.items()), chosen)


@lru_cache(maxsize=256)
def _rendered_filters(areas, conditions, chosen):
    return render_to_string(
        "search/includes/filters.html",
        {"selects": _selects(dict(zip(MENU_NAMES, chosen, strict=True)), areas, conditions)},
    )


def _selects(selected, areas, conditions):
    """The filter menus, each option with whether it is the one chosen (one loop in the
    template instead of five)."""
    menus = [
        ("type", "type", "Type", "Everything", KIND_OPTIONS),
        ("area", "area", "Body area", "Any", areas),  # by name, the models' order
        ("condition", "condition", "Condition", "Any", conditions),
        ("difficulty", "difficulty", "Difficulty", "Any", DIFFICULTY_CHOICES),
        ("time", "max_time", "Time", "Any", TIME_CHOICES),
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
