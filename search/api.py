"""/api/search: the site search as JSON, with the same filters as /api/education/routines
plus the type of page. Bad parameters are a 400 naming the field."""

from ninja import Router

from education.api import BadParameter, bad_request, parse_filters, parse_paging
from search import ranking

router = Router(tags=["search"])
MAX_QUERY_LENGTH = 200


@router.get("", summary="Full-text search over the site")
def search_pages(request):
    """q (required, at most 200 characters) with the routine filters and type."""
    query = request.GET.get("q", "").strip()
    if not query:
        return bad_request("q", "required")
    if len(query) > MAX_QUERY_LENGTH:
        return bad_request("q", f"at most {MAX_QUERY_LENGTH} characters")
    try:
        filters = parse_filters(request.GET)
        offset, size, page = parse_paging(request.GET)
    except BadParameter as error:
        return bad_request(error.field, error.message)
    results = ranking.search(query, filters, limit=size, offset=offset).link(request, full=True)
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
