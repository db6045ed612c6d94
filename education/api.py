"""Education content as JSON: a page's data (reading level included), filtered routines and
conditions. The parameter parsing here is shared with the site search API (search/api.py).

Only live, public pages are served; a draft or a private page is a 404 like a missing one.
"""

from django.http import Http404, JsonResponse
from ninja import Router

from education.models import BodyArea, Condition, GuidePage, ModalityPage, SelfCareRoutinePage
from education.models.base import public_q
from education.models.routines import DIFFICULTY_CHOICES
from search.ranking import Filters

router = Router(tags=["education"])
MAX_PAGE_SIZE = 50
PAGE_MODELS = [SelfCareRoutinePage, ModalityPage, GuidePage]


def bad_request(field, message):
    return JsonResponse(
        {"detail": f"{field}: {message}", "field": field, "errors": {field: message}}, status=400
    )


class BadParameter(Exception):
    def __init__(self, field, message):
        super().__init__(message)
        self.field, self.message = field, message


def _int(params, name, default, low, high):
    value = params.get(name, "")
    if value == "":
        return default
    if not value.isdigit() or not low <= int(value) <= high:
        raise BadParameter(name, f"a whole number from {low} to {high}")
    return int(value)


def _choice(params, name, choices):
    value = params.get(name, "")
    if value and value not in choices:
        raise BadParameter(name, "one of " + ", ".join(sorted(choices)))
    return value


def _slug(params, name, model):
    value = params.get(name, "")
    if value and not model.objects.filter(slug=value).exists():
        raise BadParameter(name, f"no {model._meta.verbose_name} has the slug “{value[:80]}”")
    return value


def parse_filters(params):
    return Filters(
        kind=_choice(params, "type", {"routine", "modality", "guide"}),
        area=_slug(params, "area", BodyArea),
        condition=_slug(params, "condition", Condition),
        difficulty=_choice(params, "difficulty", dict(DIFFICULTY_CHOICES)),
        max_minutes=_int(params, "max_time", None, 1, 180),
    )


def parse_paging(params):
    page = _int(params, "page", 1, 1, 10_000)
    size = _int(params, "page_size", 20, 1, MAX_PAGE_SIZE)
    return (page - 1) * size, size, page


def _find_page(page_id):
    for model in PAGE_MODELS:
        queryset = model.objects.live().filter(public_q(), pk=page_id)
        if model is SelfCareRoutinePage:
            queryset = queryset.select_related("reviewer", "video", "video__poster")
        else:
            queryset = queryset.select_related("reviewer")
        page = queryset.first()
        if page is not None:
            return page
    raise Http404("No published education page with this id.")


@router.get("/pages/{int:page_id}", summary="One education page with its reading level")
def page_detail(request, page_id: int):
    """A routine, modality or guide: content, taxonomy with codes, clinical review and the
    Flesch-Kincaid grade of its patient-facing text."""
    return _find_page(page_id).api_data(request)


@router.get("/routines", summary="Self-care routines, filtered")
def routines(request):
    """Filters: area, condition (slugs), difficulty, max_time (minutes); page, page_size."""
    try:
        filters = parse_filters(request.GET)
        offset, size, page = parse_paging(request.GET)
    except BadParameter as error:
        return bad_request(error.field, error.message)
    queryset = SelfCareRoutinePage.objects.live().filter(public_q()).order_by("title", "pk")
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


@router.get("/conditions", summary="Conditions with their ICD-10-CM and SNOMED CT codes")
def conditions(request):
    return [item.api_data() for item in Condition.objects.order_by("name")]
