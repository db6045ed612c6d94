"""Our own JSON endpoints (django-ninja, with an OpenAPI 3.1 document); Wagtail's API v2 is in
config/wagtail_api.py.

Every operation reads typed parameters (home.params: Whole, Text, Slug) and a bad one, whether
ninja's validation or our own BadParameter, is answered by the one handler below as RFC 9457
problem JSON naming the parameter (docs/parameters.md).
"""

from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser

from home.params import BadParameter, problem_response


class OneValueParser(Parser):
    """A parameter that takes one value, given more than once, is a 400: we could not say
    which one is meant (Django would take the last, a proxy in front of us perhaps the first)."""

    def parse_querydict(self, data, list_fields, request):
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                raise BadParameter(key, "is given more than once")
        return super().parse_querydict(data, list_fields, request)


api = NinjaAPI(
    title="Fascia API",
    version="1.0",
    description="Patient education, exercise videos and the licensed-provider directory as JSON.",
    urls_namespace="fascia-api",
    parser=OneValueParser(),
    # Swagger UI from ninja's own static files ("ninja" is in INSTALLED_APPS, so its template
    # and static files are found and collected like ours), not from a CDN: the docs page then
    # loads under the site's CSP with no inline script (tests/security/test_api_docs.py).
    docs=Swagger(),
)
# Each app mounts its own router here: api.add_router("/directory/", "directory.api.router").
for prefix, router in [
    ("/education/", "education.api.router"),
    ("/videos/", "videos.api.router"),
    ("/directory/", "directory.api.router"),
    ("/search", "search.api.router"),  # its one route is the root: /api/search
]:
    api.add_router(prefix, router)


def parameter_name(error):
    """A ninja error's parameter: its location after the source ("query", "path")."""
    location = [str(part) for part in error.get("loc", ())[1:]]
    return ".".join(location) or "request"


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    errors = [(parameter_name(error), error["msg"]) for error in exc.errors]
    return problem_response(request, errors or [("request", "is not valid")])


@api.exception_handler(BadParameter)
def bad_parameter(request, exc):
    return problem_response(request, exc.errors)
