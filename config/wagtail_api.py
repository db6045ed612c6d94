"""Wagtail's API v2 (mounted at /api/wagtail/v2/, beside our own /api/v1/), with our subclasses
of its viewsets.

We serve it publicly, so it answers to our rules:

- the pages endpoint shows public pages only (`home.visibility.public_pages`: live, inside
  go_live_at/expire_at, no view restriction), for the listing, detail, `find`, `search` and the
  `child_of`/`descendant_of` parents alike; images and documents only what something public
  shows (`home.public_media`);
- every parameter is checked before Wagtail reads it (docs/parameters.md): readable text, given
  once, numbers in ASCII digits inside a 64-bit id, a plain-words `search` of bounded size, a few
  `tags`, a bounded `fields`. Wagtail would answer some of these with a 500 (an FTS syntax error,
  an integer overflow, a deep `fields` recursion). A bad value is a 400 problem JSON naming the
  parameter, as our own API answers (home.params.problem_response);
- a field filter (`?first_published_at=`, `?alias_of=`, `?show_in_menus=`, `?title=`, a page
  type's own fields with `?type=`) is checked by the type of the model field it filters: Wagtail's
  FieldsFilter converts booleans and integers only and hands anything else to `.filter()` as it
  came, where a date it cannot read is Django's ValidationError (a 500) and an id past 2^63-1
  SQLite's OverflowError.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from taggit.managers import TaggableManager
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page

from education.api_fields import with_feed_records
from education.feed import MODELS
from home.params import (
    ASCII_DIGITS,
    MAX_ID,
    BadParameter,
    problem_response,
    unreadable_number_reason,
    unreadable_reason,
)
from home.public_media import public_documents, public_images
from home.visibility import public_pages

MAX_OFFSET = 10_000  # deeper than any reader pages; the database steps over every skipped row
MAX_SEARCH_LENGTH = 200
MAX_SEARCH_WORDS = 20
MAX_TAGS = 5  # Wagtail joins the tag table once per tag
MAX_FIELDS_LENGTH = 500
MAX_FIELDS_DEPTH = 4  # fields=a(b(c(d))); Wagtail parses nesting recursively
MAX_TEXT_LENGTH = 1000
# Letters, digits and the punctuation inside words; anything else (quotes, *, parentheses,
# ^, :, +) is search syntax that Wagtail's database backend hands on to FTS5 or tsquery.
SEARCH_WORDS = re.compile(r"[\w\s'’.,-]*")
SEARCH_OPERATORS = ("and", "or")
ID_PARAMETERS = ("id", "child_of", "descendant_of", "ancestor_of", "translation_of")
ROOT_ALLOWED = ("child_of", "descendant_of", "translation_of")
BOOLEANS = ("true", "false", "1", "0")  # what Wagtail's parse_boolean documents
DATE_FORMAT = "a date (2026-01-31)"
DATETIME_FORMAT = "a date (2026-01-31) or an ISO 8601 date and time (2026-01-31T09:30:00Z)"


def check_number(name, value, low=0, high=MAX_ID):
    if reason := unreadable_number_reason(value):
        raise BadParameter(name, reason)
    if not ASCII_DIGITS.fullmatch(value):
        raise BadParameter(name, "must be a whole number")
    if not low <= int(value) <= high:
        raise BadParameter(name, f"must be from {low} to {high}")


def check_search(value):
    words = value.split()
    if not words:
        raise BadParameter("search", "must contain a word")
    if len(value) > MAX_SEARCH_LENGTH:
        raise BadParameter("search", f"must be at most {MAX_SEARCH_LENGTH} characters")
    if len(words) > MAX_SEARCH_WORDS:
        raise BadParameter("search", f"must be at most {MAX_SEARCH_WORDS} words")
    if not SEARCH_WORDS.fullmatch(value):
        raise BadParameter(
            "search", "may contain words only, no search syntax (quotes, *, parentheses)"
        )


def check_datetime(name, value):
    """What Django's DateTimeField reads (a datetime, or a date as its midnight), inside the
    years a database stores once turned to UTC (9999-12-31T23:00-10:00 is past year 9999)."""
    moment = read_date(name, value, parse_datetime, DATETIME_FORMAT)
    if not isinstance(moment, datetime.datetime):
        moment = datetime.datetime.combine(moment, datetime.time())
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment.astimezone(datetime.UTC)
    except (OverflowError, ValueError) as error:
        raise BadParameter(name, "is outside the years 1 to 9999") from error


def read_date(name, value, parse, expected):
    # ASCII only: Django's date patterns use \d, which reads ٢٠٢٦ as 2026.
    try:
        parsed = value.isascii() and (parse(value) or parse_date(value))
    except ValueError:  # well formed but no such day: 2026-13-45
        parsed = None
    if not parsed:
        raise BadParameter(name, f"must be {expected}")
    return parsed


def filter_target(field):
    """The model field a filter value is compared with: a relation's is the related key."""
    if field is None:
        return None
    if isinstance(field, models.ForeignKey):
        return field.target_field
    if field.is_relation and not isinstance(field, TaggableManager):
        return field.related_model._meta.pk
    return field


def check_filter(name, value, field):
    """`value` as Wagtail's FieldsFilter will hand it to `.filter(name=value)`."""
    field = filter_target(field)
    if isinstance(field, models.BooleanField):
        if value not in BOOLEANS:
            raise BadParameter(name, "must be true or false (or 1 or 0)")
    elif isinstance(field, models.IntegerField):  # AutoField and BigAutoField too
        check_number(name, value)
    elif isinstance(field, models.DateTimeField):  # before DateField, its base class
        check_datetime(name, value)
    elif isinstance(field, models.DateField):
        read_date(name, value, parse_date, DATE_FORMAT)
    elif field is None or isinstance(field, (models.CharField, models.TextField, TaggableManager)):
        limit = getattr(field, "max_length", None) or MAX_TEXT_LENGTH
        if reason := unreadable_reason(value, limit):
            raise BadParameter(name, reason)
    else:  # any other field: what it reads itself
        try:
            field.to_python(value)
        except ValidationError as error:
            raise BadParameter(name, error.messages[0]) from error


def fields_depth(value):
    depth = deepest = 0
    for character in value:
        depth += {"(": 1, ")": -1}.get(character, 0)
        deepest = max(deepest, depth)
    return deepest


class CheckedParametersMixin:
    """Checks the query string before Wagtail reads it; answers problem JSON for our
    BadParameter and for Wagtail's own BadRequestError."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.check_parameters(request.GET)

    def check_parameters(self, params):
        for name in params:
            values = params.getlist(name)
            if len(values) > 1:
                raise BadParameter(name, "is given more than once")
            if reason := unreadable_reason(values[0], MAX_TEXT_LENGTH):
                raise BadParameter(name, reason)
            self.check_parameter(name, values[0])
        filtered = self.filtered_model()
        fields = set(self.get_available_fields(filtered, db_fields_only=True))
        fields.discard("locale")  # not a field filter: Wagtail's LocaleFilter looks it up
        for name in [name for name in params if name in fields]:  # the first given, named first
            try:
                field = filtered._meta.get_field(name)
            except FieldDoesNotExist:  # an attname (alias_of_id): checked as text
                field = None
            check_filter(name, params[name], field)

    def filtered_model(self):
        """The model whose fields Wagtail's FieldsFilter filters on."""
        return self.model

    def check_parameter(self, name, value):
        limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
        if name == "offset":
            check_number(name, value, 0, MAX_OFFSET)
        elif name == "limit":
            check_number(name, value, 0, limit_max)
        elif name in ID_PARAMETERS and not (name in ROOT_ALLOWED and value == "root"):
            check_number(name, value)
        elif name == "search":
            check_search(value)
        elif name == "search_operator" and value not in SEARCH_OPERATORS:
            raise BadParameter(name, "must be and or or")
        elif name == "tags" and len(value.split(",")) > MAX_TAGS:
            raise BadParameter(name, f"at most {MAX_TAGS} tags")
        elif name == "fields" and (
            len(value) > MAX_FIELDS_LENGTH or fields_depth(value) > MAX_FIELDS_DEPTH
        ):
            raise BadParameter(
                name, f"at most {MAX_FIELDS_LENGTH} characters, nested {MAX_FIELDS_DEPTH} deep"
            )

    def handle_exception(self, exc):
        if isinstance(exc, BadParameter):
            return problem_response(self.request, exc.errors)
        if isinstance(exc, BadRequestError):
            return problem_response(self.request, [(self.parameter_in(str(exc)), str(exc))])
        return super().handle_exception(exc)

    def parameter_in(self, message):
        """Wagtail's messages name their parameter in words ("child_of must be ..."): the
        first parameter of this request the message mentions, else the only one given."""
        names = list(self.request.GET)
        for name in names:
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", message):  # "a" is not in "foo"
                return name
        return names[0] if len(names) == 1 else "query"


class PublicPagesAPIViewSet(CheckedParametersMixin, PagesAPIViewSet):
    def filtered_model(self):
        # As Wagtail's get_queryset picks it, without building the queryset (that asks the
        # database): one ?type= is that model, several are Page. A type it cannot find is its
        # own 400.
        try:
            types = page_models_from_string(self.request.GET.get("type") or "wagtailcore.Page")
        except (LookupError, ValueError) as error:
            raise BadRequestError("type doesn't exist") from error
        return types[0] if len(types) == 1 else Page

    def get_base_queryset(self):
        # Wagtail's own base queryset (live, no restriction this request fails, this site) is
        # the one every query starts from: listing, detail, find, search and the parents of
        # child_of/descendant_of. Narrowing it here applies the schedule to all of them. As an
        # `id IN (subquery)`: Wagtail's search backends only filter on indexed fields (id is
        # one), not on go_live_at/expire_at or the restriction EXISTS.
        # The subquery is the rule alone: the outer queryset already holds Wagtail's part.
        queryset = super().get_base_queryset()
        return queryset.filter(pk__in=public_pages(Page.objects.all()).values("pk"))

    def get_queryset(self):
        # A listing of one education type (?type=education.SelfCareRoutinePage) reads each
        # page's `education` field from its stored feed item, in the listing's own query.
        # Its `locale` meta field is read per page too: joined here.
        queryset = super().get_queryset()
        if queryset.model in FEED_PAGE_MODELS:
            queryset = with_feed_records(queryset.select_related("locale"))
        return queryset


class PublicImagesAPIViewSet(CheckedParametersMixin, ImagesAPIViewSet):
    def get_queryset(self):
        # Only images something public shows; another id is the same 404 as a missing one.
        return public_images(super().get_queryset())


class PublicDocumentsAPIViewSet(CheckedParametersMixin, DocumentsAPIViewSet):
    def get_queryset(self):
        return public_documents(super().get_queryset())


FEED_PAGE_MODELS = tuple(MODELS.values())  # the page types the change log stores
router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
router.register_endpoint("images", PublicImagesAPIViewSet)
router.register_endpoint("documents", PublicDocumentsAPIViewSet)
