"""The search page's parameters: the query, the filters we know (others are ignored with a
notice) and the page number, read by one form (home/params.py): a value we cannot read at all
(NUL, invalid UTF-8, `²` or 2^63 as a number, a parameter given twice) is the 400 page naming it.
"""

from urllib.parse import urlencode

from django.core.cache import cache

from education.models import BodyArea, Condition
from home.params import NumberParam, ParamsForm, SlugParam, TextParam
from search.ranking import KINDS, Filters

MAX_PAGE = 100
FILTER_NAMES = ("type", "area", "condition", "difficulty", "max_time")
OPTIONS_KEY = "fascia:search:filter-options"


def taxonomy_options():
    """({slug: name} of body areas, {slug: name} of conditions), cached: the search form lists
    them all on every request, and they change only when an editor edits a snippet."""
    options = cache.get(OPTIONS_KEY)
    if options is None:
        options = (
            dict(BodyArea.objects.values_list("slug", "name")),
            dict(Condition.objects.values_list("slug", "name")),
        )
        # Signals clear it at once on a shared cache (Redis); the timeout bounds staleness when
        # each process has its own local-memory cache.
        cache.set(OPTIONS_KEY, options, timeout=300)
    return options


def forget_taxonomy_options():
    cache.delete(OPTIONS_KEY)


class SearchForm(ParamsForm):
    # Words we don't know, a time that is not a number and a page past the last are ignored
    # with a notice (or page 1): people follow old links. Unreadable values are a 400.
    lenient = ("type", "area", "condition", "difficulty", "max_time", "page")

    q = TextParam(required=False)
    type = SlugParam()
    area = SlugParam()
    condition = SlugParam()
    difficulty = SlugParam()
    max_time = NumberParam(min_value=1, max_value=180)
    page = NumberParam(min_value=1, max_value=MAX_PAGE)


class SearchParams:
    def __init__(self, params, max_length):
        self.errors = []
        self.notices = []
        data, ignored = SearchForm.read_params(params)  # BadParameter: the 400 page
        self.query = data["q"] or ""
        if len(self.query) > max_length:
            self.errors.append(f"Please use at most {max_length} characters.")
            self.query = ""
        self.filters = Filters()
        self.raw = {name: "" if data[name] is None else str(data[name]) for name in FILTER_NAMES}
        for name in ignored.keys() & set(FILTER_NAMES):
            self.raw[name] = params.get(name, "").strip()[:80]  # apply() says it was ignored
        self.page = data["page"] or 1

    def apply(self, areas, conditions, difficulties):
        """Keep the filter values we know; tell the reader about the ones we ignored."""
        checks = {
            "type": (KINDS, "type of page"),
            "area": (areas, "body area"),
            "condition": (conditions, "condition"),
            "difficulty": (difficulties, "difficulty"),
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
        self.filters = Filters(
            kind=self.raw["type"],
            area=self.raw["area"],
            condition=self.raw["condition"],
            difficulty=self.raw["difficulty"],
            max_minutes=int(self.raw["max_time"]) if self.raw["max_time"] else None,
        )

    @property
    def is_filtered(self):
        return any(self.raw.values())

    def url_for_page(self, number):
        params = {"q": self.query, **{k: v for k, v in self.raw.items() if v}, "page": number}
        return "?" + urlencode(params)
