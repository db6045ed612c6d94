"""What the site search page shows: parsing its parameters, querying, and paging."""

from urllib.parse import urlencode

from wagtail.models import Page

from education import search
from education.filters import TIME_OPTIONS
from education.models import BodyArea, Condition
from education.models.routines import DIFFICULTY_CHOICES

MAX_PAGE = 100


class SearchParams:
    def __init__(self, params, max_length):
        self.errors = []
        self.notices = []
        self.query = params.get("q", "").strip()
        if len(self.query) > max_length:
            self.errors.append(f"Please use at most {max_length} characters.")
            self.query = ""
        self.filters = search.Filters()
        self.raw = {name: params.get(name, "").strip()[:80] for name in FILTER_NAMES}
        page = params.get("page", "1")
        self.page = int(page) if page.isdigit() and 0 < int(page) <= MAX_PAGE else 1

    def apply(self, areas, conditions):
        """Keep the filter values we know; tell the reader about the ones we ignored."""
        checks = {
            "type": (search.KINDS, "type of page"),
            "area": (areas, "body area"),
            "condition": (conditions, "condition"),
            "difficulty": (dict(DIFFICULTY_CHOICES), "difficulty"),
        }
        for name, (known, label) in checks.items():
            value = self.raw[name]
            if value and value not in known:
                self.notices.append(f"We have no {label} called “{value}”, so it was ignored.")
                self.raw[name] = ""
        max_time = self.raw["max_time"]
        if max_time and not (max_time.isdigit() and 0 < int(max_time) <= 180):
            self.notices.append(f"“{max_time}” is not a time in minutes, so it was ignored.")
            self.raw["max_time"] = ""
        self.filters = search.Filters(
            kind=self.raw["type"],
            area=self.raw["area"],
            condition=self.raw["condition"],
            difficulty=self.raw["difficulty"],
            max_minutes=int(self.raw["max_time"]) if self.raw["max_time"] else None,
        )

    def url_for_page(self, number):
        params = {"q": self.query, **{k: v for k, v in self.raw.items() if v}, "page": number}
        return "?" + urlencode(params)


FILTER_NAMES = ("type", "area", "condition", "difficulty", "max_time")


def attach_pages(hits, request):
    """The live pages behind the hits (one query), for their URLs. A hit whose page went
    away since it was indexed is dropped rather than linked."""
    pages = (
        Page.objects.live()
        .filter(id__in=[hit.page_id for hit in hits])
        .only("id", "url_path", "path", "depth", "title")
    )
    by_id = {page.pk: page for page in pages}
    kept = []
    for hit in hits:
        page = by_id.get(hit.page_id)
        if page is not None:
            hit.page = page
            hit.url = page.get_url(request)
            kept.append(hit)
    return kept


def _run(params, per_page):
    offset = (params.page - 1) * per_page
    return search.search(params.query, params.filters, limit=per_page, offset=offset)


def search_page_context(request, per_page, max_length):
    params = SearchParams(request.GET, max_length)
    areas = dict(BodyArea.objects.values_list("slug", "name"))
    conditions = dict(Condition.objects.values_list("slug", "name"))
    params.apply(areas, conditions)
    results = search.Results()
    if params.query:
        results = _run(params, per_page)
        if results.total and not results.hits and params.page > 1:
            params.page = 1  # a page past the end (an old link): show the first one
            results = _run(params, per_page)
        results.hits = attach_pages(results.hits, request)
    page_count = max(1, -(-results.total // per_page))
    return {
        "search_query": params.query,
        "error": params.errors[0] if params.errors else None,
        "filter_notices": params.notices,
        "results": results,
        "selected": params.raw,
        "kinds": [(key, label) for key, label in search.KINDS.items() if key != "page"],
        "areas": sorted(areas.items(), key=lambda item: item[1]),
        "conditions": sorted(conditions.items(), key=lambda item: item[1]),
        "difficulties": DIFFICULTY_CHOICES,
        "time_options": TIME_OPTIONS,
        "page_number": params.page,
        "first_number": (params.page - 1) * per_page + 1,
        "page_count": page_count,
        "previous_url": params.url_for_page(params.page - 1) if params.page > 1 else "",
        "next_url": params.url_for_page(params.page + 1) if params.page < page_count else "",
        "is_filtered": any(params.raw.values()),
    }
