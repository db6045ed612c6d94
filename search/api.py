"""/api/v1/search: the site search as JSON, with the same filters as /api/v1/education/routines
plus the type of page. Bad parameters are a 400 naming the parameter (problem JSON, from the one
handler in config/api.py)."""

from typing import Literal

from ninja import Field, Query, Router, Schema

from config.api_schemas import responses
from education.api import RoutineQuery
from home.params import BadParameter, Text
from search import ranking

router = Router(tags=["search"])
MAX_QUERY_LENGTH = 200


class SearchQuery(RoutineQuery):
    q: Text(MAX_QUERY_LENGTH, "Words to find (required).")
    type: Literal["routine", "modality", "guide"] | None = Field(
        None, description="Only pages of this type."
    )


class PageHitOut(Schema):
    id: int
    type: Literal[tuple(ranking.KINDS)] = Field(description="page: a section or other page.")
    title: str
    summary: str
    url: str | None = Field(description="The page's absolute URL.")
    reading_grade: float | None = Field(description="Flesch-Kincaid grade of the page's text.")


class SearchOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[PageHitOut]


@router.get("", response=responses(SearchOut), summary="Full-text search over the site")
def search_pages(request, params: Query[SearchQuery]):
    """q (required, at most 200 characters) with the routine filters and type."""
    query = params.q.strip()
    if not query:
        raise BadParameter("q", "is required")
    filters = params.filters(kind=params.type)
    size, page = params.page_size, params.page
    results = ranking.search(query, filters, limit=size, offset=params.offset)
    results = results.link(request, full=True)
    return {
        "count": results.total,
        "page": page,
        "page_size": size,
        "results": [
            {
                "id": hit.page_id,
                "type": hit.kind,
                "title": hit.title,
                "summary": hit.summary,
                "url": hit.url,
                "reading_grade": float(hit.reading_grade)
                if hit.reading_grade is not None
                else None,
            }
            for hit in results.hits
        ],
    }
