"""Faceted filtering for the routine and guide index pages.

The page of results carries its total (a window count), and every facet's counts come back in one
UNION query, so an index page costs the same few queries whether it lists ten routines or ten
thousand. Each facet counts under the *other* active filters, so a count says how many results
choosing that option would give.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import CharField, Count, Q, Value, Window
from django.db.models.functions import Cast

from education.models import BodyArea, Condition, GuidePage, SelfCareRoutinePage
from education.models.base import public_q
from education.models.routines import DIFFICULTY_CHOICES

TIME_OPTIONS = [5, 10, 15, 20, 30, 45, 60]
MAX_TIME_LIMIT = 180
PER_PAGE = 12


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


class FacetedIndex:
    """Parses ?area=&condition=&difficulty=&max_time=&page= for the children of an index page."""

    model = None
    taxonomy_facets = {}  # name -> (label, taxonomy model, relation from page model)
    has_difficulty = False
    has_time = False

    def __init__(self, request, index_page):
        self.request = request
        self.index_page = index_page
        self.notices = []
        self.selected = {}
        self.page_number = self._page_number(request.GET.get("page"))
        self._parse(request.GET)
        self.base = self.model.objects.child_of(index_page).live().filter(public_q())

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
        if value.isdigit() and 1 <= int(value) <= MAX_TIME_LIMIT:
            self.selected["max_time"] = int(value)
        else:
            self.notices.append(
                f"“{value[:40]}” is not a time in minutes, so the time limit was ignored."
            )

    @staticmethod
    def _page_number(value):
        return int(value) if value and value.isdigit() and 0 < int(value) < 10_000 else 1

    # Querying --------------------------------------------------------------------------------

    def filtered(self, without=None):
        queryset = self.base
        for name, value in self.selected.items():
            if name == without:
                continue
            if name in self.taxonomy_facets:
                relation = self.taxonomy_facets[name][2]
                queryset = queryset.filter(**{f"{relation}__slug": value})
            elif name == "difficulty":
                queryset = queryset.filter(difficulty=value)
            elif name == "max_time":
                queryset = queryset.filter(total_minutes__lte=value)
        return queryset

    def _facet_queries(self):
        queries = []
        for name, (_label, taxonomy, relation) in self.taxonomy_facets.items():
            reverse = self.model._meta.get_field(relation).remote_field.related_name
            ids = self.filtered(without=name).values("pk")
            queries.append(
                taxonomy.objects.order_by()
                .annotate(
                    facet=Value(name, output_field=CharField()),
                    n=Count(reverse, filter=Q(**{f"{reverse}__in": ids})),
                )
                .values_list("facet", "slug", "name", "n")
            )
        for name, column in (("difficulty", "difficulty"), ("max_time", "total_minutes")):
            if (name == "difficulty" and self.has_difficulty) or (
                name == "max_time" and self.has_time
            ):
                queries.append(
                    self.filtered(without=name)
                    .order_by()
                    .annotate(
                        facet=Value(name, output_field=CharField()),
                        facet_key=Cast(column, CharField()),
                        facet_label=Cast(column, CharField()),
                    )
                    .values("facet", "facet_key", "facet_label")
                    .annotate(n=Count("pk"))
                    .values_list("facet", "facet_key", "facet_label", "n")
                )
        return queries

    def facet_rows(self):
        queries = self._facet_queries()
        if not queries:
            return []
        return list(queries[0].union(*queries[1:], all=True))

    def results(self):
        """(pages on this page of results, total). One query; an out-of-range page gives page 1."""
        queryset = self.filtered().order_by("title", "pk").annotate(total=Window(Count("pk")))
        start = (self.page_number - 1) * PER_PAGE
        pages = list(queryset[start : start + PER_PAGE])
        if not pages and self.page_number > 1:
            self.page_number = 1
            pages = list(queryset[:PER_PAGE])
        return pages, (pages[0].total if pages else 0)

    # Building the context --------------------------------------------------------------------

    def url_with(self, **changes):
        params = {**self.selected, **changes}
        params = {key: value for key, value in params.items() if value not in (None, "")}
        query = urlencode(params)
        return f"?{query}" if query else "?"

    def _drop_unknown(self, rows):
        known = {(facet, key) for facet, key, _label, _n in rows}
        dropped = False
        for name, (label, _model, _relation) in self.taxonomy_facets.items():
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
        for name, (label, _model, _relation) in self.taxonomy_facets.items():
            options = [
                Option(key, option_label, n)
                for facet, key, option_label, n in rows
                if facet == name
            ]
            facets.append(self._facet(name, label, options))
        if self.has_difficulty:
            counts = {key: n for facet, key, _l, n in rows if facet == "difficulty"}
            options = [Option(key, text, counts.get(key, 0)) for key, text in DIFFICULTY_CHOICES]
            facets.append(self._facet("difficulty", "Difficulty", options))
        if self.has_time:
            minutes = [(int(key), n) for facet, key, _l, n in rows if facet == "max_time"]
            options = [
                Option(str(limit), f"{limit} min or less", sum(n for m, n in minutes if m <= limit))
                for limit in TIME_OPTIONS
            ]
            facets.append(self._facet("max_time", "Time", options))
        return facets

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
        pages, total = self.results()
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
        "area": ("Body area", BodyArea, "body_areas"),
        "condition": ("Condition", Condition, "conditions"),
    }
    has_difficulty = True
    has_time = True


class GuideFilter(FacetedIndex):
    model = GuidePage
    taxonomy_facets = {
        "area": ("Body area", BodyArea, "body_areas"),
        "condition": ("Condition", Condition, "conditions"),
    }
