"""Faceted filtering for the routine and guide index pages.

Everything is read from the index page's listing (education.models.listing), in two queries: the
total and every facet's counts in one UNION, then the page of results, which reads only its own
rows of the listing's index (from the nearer end). Counting still visits the listing rows of the
chosen body area and condition, but in a narrow covering index, so at 5,000 routines an index page
costs little more than at 200, first page or last (bench/education_index.py). Each facet counts
under the *other* active filters, so a count says how many results choosing that option would give.
"""

from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import CharField, Count, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from education.models import BodyArea, Condition, GuidePage, ListingEntry, SelfCareRoutinePage
from education.models.routines import DIFFICULTY_CHOICES
from home.params import NumberParam, ParamsForm, SlugParam
from home.visibility import in_window_q

TIME_OPTIONS = [5, 10, 15, 20, 30, 45, 60]
MAX_TIME_LIMIT = 180
PER_PAGE = 12


class IndexParams(ParamsForm):
    """The index pages' parameters (home/params.py). A value we cannot read at all (NUL,
    invalid UTF-8, `²` or 2^63 as a number, given twice) is the 400 page naming it; a readable
    one we don't use is ignored with a notice, or gives page 1, as before."""

    lenient = ("area", "condition", "difficulty", "max_time", "page")

    area = SlugParam()
    condition = SlugParam()
    difficulty = SlugParam()
    max_time = NumberParam(min_value=1, max_value=MAX_TIME_LIMIT)
    page = NumberParam(min_value=1, max_value=9_999)


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Facet:
    name: str
    label: str
    options: list = field(default_factory=list)

    @property
    def selected_option(self):
        return next((option for option in self.options if option.selected), None)


def _text(value):
    return Value(value, output_field=CharField())


class FacetedIndex:
    """Parses ?area=&condition=&difficulty=&max_time=&page= for the children of an index page."""

    model = None
    taxonomy_facets = {}  # name (a ListingEntry field) -> (label, taxonomy model)
    has_difficulty = False
    has_time = False

    def __init__(self, request, index_page):
        self.request = request
        self.index_page = index_page
        self.notices = []
        self.selected = {}
        self.params = IndexParams(request.GET).read()  # BadParameter: the 400 page
        self.page_number = self._page_number(self.params["page"])
        self._parse(request.GET)  # every value readable now: checked against what we use

    # Parsing ---------------------------------------------------------------------------------

    def _parse(self, params):
        for name in self.taxonomy_facets:
            value = params.get(name, "").strip()
            if value:
                self.selected[name] = value[:80]
        if self.has_difficulty:
            self._parse_difficulty(params.get("difficulty", "").strip())
        if self.has_time:
            self._parse_time(params.get("max_time", "").strip())

    def _parse_difficulty(self, value):
        if not value:
            return
        if value in dict(DIFFICULTY_CHOICES):
            self.selected["difficulty"] = value
        else:
            self.notices.append(f"“{value[:40]}” is not a difficulty we use, so it was ignored.")

    def _parse_time(self, value):
        if not value:
            return
        if self.params["max_time"] is not None:
            self.selected["max_time"] = self.params["max_time"]
        else:
            self.notices.append(
                f"“{value[:40]}” is not a time in minutes, so the time limit was ignored."
            )

    @staticmethod
    def _page_number(value):
        return value or 1  # None when absent, out of range or not a number

    # Querying --------------------------------------------------------------------------------

    @cached_property
    def now(self):
        """The one clock reading of the request: the total, every count and the page of results
        apply the same go-live/expiry window (home/visibility.py)."""
        return timezone.now()

    def listed(self, without=()):
        """The listing's rows for the pages that match every selected filter but those named in
        `without` and are in their go-live/expiry window now: one row a page (the one for any
        body area or condition unless one is selected)."""
        rows = ListingEntry.objects.filter(in_window_q(self.now), index=self.index_page.pk)
        rows = rows.order_by()
        for name, (_label, taxonomy) in self.taxonomy_facets.items():
            if name in without:
                continue
            value = self.selected.get(name)
            # A scalar subquery, not a join: the listing's index then serves the whole range.
            chosen = Subquery(taxonomy.objects.filter(slug=value).order_by().values("pk")[:1])
            rows = rows.filter(**{name: chosen if value else None})
        if "difficulty" in self.selected and "difficulty" not in without:
            rows = rows.filter(difficulty=self.selected["difficulty"])
        if "max_time" in self.selected and "max_time" not in without:
            rows = rows.filter(total_minutes__lte=self.selected["max_time"])
        return rows

    def _facet_queries(self):
        # The total and the difficulty and time facets are sums over this one small grid.
        minutes = Cast("total_minutes", CharField())
        queries = [
            self.listed(without=("difficulty", "max_time"))
            .annotate(facet=_text("grid"), minutes=minutes)
            .values("facet", "difficulty", "minutes")
            .annotate(n=Count("*"))
            .values_list("facet", "difficulty", "minutes", "n")
        ]
        for name, (_label, taxonomy) in self.taxonomy_facets.items():
            count = (
                self.listed(without=(name,))
                .filter(**{name: OuterRef("pk")})
                .values(name)
                .annotate(n=Count("*"))
                .values("n")
            )
            queries.append(
                taxonomy.objects.order_by()
                .annotate(facet=_text(name), n=Coalesce(Subquery(count), 0))
                .values_list("facet", "slug", "name", "n")
            )
        return queries

    def facet_rows(self):
        queries = self._facet_queries()
        return list(queries[0].union(*queries[1:], all=True))

    def results(self, total):
        """The pages on this page of results, in title order; an out-of-range page gives page 1.
        The whole public-page rule is checked again on these few pages: a listing that fell
        behind (see education.models.listing) may show a wrong count, never a page it should
        not."""
        start = (self.page_number - 1) * PER_PAGE
        if start >= total:
            self.page_number, start = 1, 0
        if not total:
            return []
        rows = self.listed().values("page_id")
        # The database steps over every row before the slice: from the nearer end, so the first
        # and the last pages read only their own rows (the index reads as well backwards).
        from_end = max(0, total - start - PER_PAGE)
        if from_end < start:
            ids = rows.order_by("-title", "-page_id")[from_end : total - start]
        else:
            ids = rows.order_by("title", "page_id")[start : start + PER_PAGE]
        pages = self.model.objects.filter(pk__in=ids).public(self.now)
        return list(pages.order_by("title", "pk"))

    # Building the context --------------------------------------------------------------------

    def url_with(self, **changes):
        params = {**self.selected, **changes}
        params = {key: value for key, value in params.items() if value not in (None, "")}
        query = urlencode(params)
        return f"?{query}" if query else "?"

    def _drop_unknown(self, rows):
        known = {(facet, key) for facet, key, _label, _n in rows}
        dropped = False
        for name, (label, _model) in self.taxonomy_facets.items():
            value = self.selected.get(name)
            if value and (name, value) not in known:
                self.notices.append(
                    f"We have no {label.lower()} called “{value}”, so it was ignored."
                )
                del self.selected[name]
                dropped = True
        return dropped

    def facets(self, rows):
        facets = []
        for name, (label, _model) in self.taxonomy_facets.items():
            options = [
                Option(key, option_label, n)
                for facet, key, option_label, n in rows
                if facet == name
            ]
            facets.append(self._facet(name, label, options))
        grid = self.grid(rows)
        if self.has_difficulty:
            options = [
                Option(key, text, self.count(grid, difficulty=key))
                for key, text in DIFFICULTY_CHOICES
            ]
            facets.append(self._facet("difficulty", "Difficulty", options))
        if self.has_time:
            options = [
                Option(str(limit), f"{limit} min or less", self.count(grid, max_time=limit))
                for limit in TIME_OPTIONS
            ]
            facets.append(self._facet("max_time", "Time", options))
        return facets

    @staticmethod
    def grid(rows):
        """[(difficulty, minutes, count)]: the pages that match the body area and condition
        filters, by difficulty and time (a few rows, whatever the number of pages)."""
        return [
            (difficulty, None if minutes is None else int(minutes), n)
            for facet, difficulty, minutes, n in rows
            if facet == "grid"
        ]

    def count(self, grid, **choices):
        """How many pages match the selected difficulty and time, with `choices` instead."""
        chosen = {**self.selected, **choices}
        limit = chosen.get("max_time")
        return sum(
            n
            for difficulty, minutes, n in grid
            if chosen.get("difficulty", difficulty) == difficulty
            and (limit is None or (minutes is not None and minutes <= limit))
        )

    def _facet(self, name, label, options):
        current = str(self.selected.get(name, ""))
        shown = []
        for option in options:
            option.selected = option.value == current
            option.url = self.url_with(**{name: "" if option.selected else option.value})
            if option.count or option.selected:
                shown.append(option)
        return Facet(name, label, shown)

    def active_filters(self, facets):
        active = []
        for facet in facets:
            option = facet.selected_option
            label = option.label if option else str(self.selected.get(facet.name, ""))
            if facet.name in self.selected:
                active.append(
                    {"label": f"{facet.label}: {label}", "url": self.url_with(**{facet.name: ""})}
                )
        return active

    def context(self):
        rows = self.facet_rows()
        if self._drop_unknown(rows):
            rows = self.facet_rows()
        total = self.count(self.grid(rows))
        pages = self.results(total)
        facets = self.facets(rows)
        page_count = max(1, -(-total // PER_PAGE))
        return {
            "items": pages,
            "total": total,
            "facets": facets,
            "active_filters": self.active_filters(facets),
            "filter_notices": self.notices,
            "is_filtered": bool(self.selected),
            "clear_url": "?",
            "page_number": self.page_number,
            "page_count": page_count,
            "previous_url": self.url_with(page=self.page_number - 1)
            if self.page_number > 1
            else "",
            "next_url": self.url_with(page=self.page_number + 1)
            if self.page_number < page_count
            else "",
        }


class RoutineFilter(FacetedIndex):
    model = SelfCareRoutinePage
    taxonomy_facets = {
        "area": ("Body area", BodyArea),
        "condition": ("Condition", Condition),
    }
    has_difficulty = True
    has_time = True


class GuideFilter(FacetedIndex):
    model = GuidePage
    taxonomy_facets = {
        "area": ("Body area", BodyArea),
        "condition": ("Condition", Condition),
    }
