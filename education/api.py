"""Education content as JSON: a page's data (reading level included), filtered routines and
conditions. The parameter parsing here is shared with the site search API (search/api.py).

Only public pages are served (`.public()`, home/visibility.py: live, in the go-live/expiry window,
no view restriction); a draft, an expired or a private page is a 404 like a missing one.
"""

from typing import Literal

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from config.api_schemas import responses
from education.models import BodyArea, Condition, GuidePage, ModalityPage, SelfCareRoutinePage
from education.models.routines import DIFFICULTY_CHOICES
from education.schemas import Condition as ConditionOut
from education.schemas import EducationRecord, EducationSummary
from home.params import MAX_ID, BadParameter, QueryParams, Slug, Whole
from search.ranking import Filters

router = Router(tags=["education"])
MAX_PAGE_SIZE = 50
PAGE_MODELS = [SelfCareRoutinePage, ModalityPage, GuidePage]


Difficulty = Literal[tuple(dict(DIFFICULTY_CHOICES))]


class RoutineQuery(QueryParams):
    """The routine filters and paging, typed (home/params.py); shared with /api/v1/search."""

    area: Slug(description="Body area slug.") | None = None
    condition: Slug(description="Condition slug.") | None = None
    difficulty: Difficulty | None = Field(None, description="How demanding the routine is.")
    max_time: Whole(1, 180, "At most this many minutes.") | None = None
    page: Whole(1, 10_000, "Page number, from 1.") = 1
    page_size: Whole(1, MAX_PAGE_SIZE, f"Results per page, 1..{MAX_PAGE_SIZE}.") = 20

    def filters(self, kind=""):
        """search.ranking.Filters; a slug no body area or condition has is a BadParameter."""
        for name, model in (("area", BodyArea), ("condition", Condition)):
            value = getattr(self, name)
            if value and not model.objects.filter(slug=value).exists():
                raise BadParameter(name, f"no {model._meta.verbose_name} has the slug “{value}”")
        return Filters(
            kind=kind or "",
            area=self.area or "",
            condition=self.condition or "",
            difficulty=self.difficulty or "",
            max_minutes=self.max_time,
        )

    @property
    def offset(self):
        return (self.page - 1) * self.page_size


class RoutinesOut(Schema):
    count: int = Field(description="Routines matching the filters, on every page.")
    page: int
    page_size: int
    results: list[EducationSummary]


def _find_page(page_id):
    for model in PAGE_MODELS:
        queryset = model.objects.public().filter(pk=page_id)
        if model is SelfCareRoutinePage:
            queryset = queryset.select_related("reviewer", "video", "video__poster")
        else:
            queryset = queryset.select_related("reviewer")
        page = queryset.first()
        if page is not None:
            return page
    raise Http404("No published education page with this id.")


@router.get(
    "/pages/{int:page_id}",
    response=responses(EducationRecord, 404),
    summary="One education page with its reading level",
)
def page_detail(request, page_id: int = Path(..., ge=1, le=MAX_ID)):
    """A routine, modality or guide: content, taxonomy with codes, clinical review and the
    Flesch-Kincaid grade of its patient-facing text."""
    return _find_page(page_id).api_data(request)


@router.get("/routines", response=responses(RoutinesOut), summary="Self-care routines, filtered")
def routines(request, params: Query[RoutineQuery]):
    """Filters: area, condition (slugs), difficulty, max_time (minutes); page, page_size."""
    filters = params.filters()
    offset, size, page = params.offset, params.page_size, params.page
    queryset = SelfCareRoutinePage.objects.public().order_by("title", "pk")
    if filters.area:
        queryset = queryset.filter(body_areas__slug=filters.area)
    if filters.condition:
        queryset = queryset.filter(conditions__slug=filters.condition)
    if filters.difficulty:
        queryset = queryset.filter(difficulty=filters.difficulty)
    if filters.max_minutes:
        queryset = queryset.filter(total_minutes__lte=filters.max_minutes)
    total = queryset.count()
    items = [item.api_summary(request) for item in queryset[offset : offset + size]]
    return {"count": total, "page": page, "page_size": size, "results": items}


@router.get(
    "/conditions",
    response=responses(list[ConditionOut]),
    summary="Conditions with their ICD-10-CM and SNOMED CT codes",
)
def conditions(request):
    return [item.api_data() for item in Condition.objects.order_by("name")]
