"""Our public JSON API, version 1 (django-ninja, mounted at /api/v1/ with its OpenAPI 3.1
document at /api/v1/openapi.json and Swagger UI at /api/v1/docs); Wagtail's API v2 is in
config/wagtail_api.py, at /api/wagtail/v2/.

Every operation reads typed parameters (home.params: Whole, Text, Slug) and declares its
responses (config/api_schemas.py). Every error it answers is RFC 9457 problem JSON
(`application/problem+json`), from the handlers below: ninja's validation errors and our own
BadParameter (400, naming each parameter, docs/parameters.md), ninja's AuthenticationError (401),
AuthorizationError and Django's PermissionDenied (403), Http404 (404), a method the path does not
take (405), ninja's Throttled (429 with Retry-After) and config.problems.ApiProblem (any status).
"""

import functools
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import URLPattern
from ninja import NinjaAPI
from ninja.constants import NOT_SET
from ninja.errors import HttpError, Throttled, ValidationError
from ninja.openapi.docs import Swagger
from ninja.parser import Parser

from config.api_schemas import COMMON_PROBLEMS, Problem
from config.problems import ApiProblem, problem_for, problem_json
from feeds.auth import PartnerAuth, partner_auth
from feeds.throttling import throttled, throttles
from home.params import BadParameter, problem_response

PROBLEM_MEDIA_TYPE = "application/problem+json"


class OneValueParser(Parser):
    """A parameter that takes one value, given more than once, is a 400: we could not say
    which one is meant (Django would take the last, a proxy in front of us perhaps the first)."""

    def parse_querydict(self, data, list_fields, request):
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                raise BadParameter(key, "is given more than once")
        return super().parse_querydict(data, list_fields, request)


class FasciaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_problems(described_parameters(schema))


def described_parameters(schema):
    """A parameter typed `Whole(1, 50, "Results per page.") | None` carries its description
    inside the schema's anyOf, where ninja does not look: the parameter gets it too."""
    for operations in schema["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                inner = [s.get("description") for s in parameter["schema"].get("anyOf", [])]
                inner = [description for description in inner if description]
                if not parameter.get("description") and len(inner) == 1:
                    parameter["description"] = inner[0]
    return schema


def document_problems(schema):
    """Every error any operation answers is problem JSON (the handlers below), so the document
    says so for every operation: each declared error status, and the common ones
    (COMMON_PROBLEMS) wherever an operation did not declare them, as `application/problem+json`
    with the Problem schema. ninja would document an error as application/json with whatever
    schema the operation named; clients and schemathesis check both."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}), Problem=problem)
    content = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for operations in schema["paths"].values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            for status in {*COMMON_PROBLEMS, *(int(status) for status in responses)}:
                if status >= 400:
                    phrase = HTTPStatus(status).phrase
                    responses[status] = {"description": phrase, "content": content}
            operation["responses"] = dict(sorted(responses.items()))
    return schema


api = FasciaAPI(
    title="Fascia API",
    version="1",
    description=(
        "Patient education, exercise videos and the licensed-provider directory as JSON. "
        "Errors are RFC 9457 problem details (application/problem+json)."
    ),
    urls_namespace="fascia-api",
    parser=OneValueParser(),
    # Swagger UI from ninja's own static files ("ninja" is in INSTALLED_APPS, so its template
    # and static files are found and collected like ours), not from a CDN: the docs page then
    # loads under the site's CSP with no inline script (tests/security/test_api_docs.py).
    docs=Swagger(),
    # Anonymous callers read public data; a partner's bearer token (feeds/auth.py) adds its
    # scopes, content filters and its own rate limit. Unknown or revoked tokens are 401s.
    auth=partner_auth,
    throttle=throttles(),
)
# Its own handler, before HttpError's: the 429 carries the RateLimit headers too.
api.add_exception_handler(Throttled, throttled)
# Each app mounts its own router here, with the token scope its operations belong to (the
# feeds check theirs per operation: a feed and the change log are separate scopes).
for prefix, router, scope in [
    ("/education/", "education.api.router", "education"),
    ("/videos/", "videos.api.router", "videos"),
    ("/directory/", "directory.api.router", "directory"),
    ("/search", "search.api.router", "search"),  # its one route is the root: /api/v1/search
    ("/", "feeds.api.router", None),  # /api/v1/feeds/..., /api/v1/changes (feeds/api.py)
]:
    api.add_router(prefix, router, auth=PartnerAuth(scope) if scope else NOT_SET)


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


@api.exception_handler(ApiProblem)
def api_problem(request, exc):
    return problem_for(exc)


@api.exception_handler(Http404)
def not_found(request, exc):
    # The message says what was looked for ("No public video with this id."), never why.
    return problem_json(404, str(exc) or "Nothing here.")


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return problem_json(403, str(exc) or "Not allowed.")


@api.exception_handler(HttpError)
def http_error(request, exc):
    """ninja's own: AuthenticationError (401), AuthorizationError (403), Throttled (429)."""
    headers = {}
    if isinstance(exc, Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(math.ceil(exc.wait))  # whole seconds (RFC 9110)
    return problem_json(exc.status_code, str(exc), headers=headers)


def method_not_allowed(view):
    """ninja answers a method the path does not take with a plain-text 405: problem JSON
    instead, keeping its Allow header."""

    @functools.wraps(view)  # keeps csrf_exempt, as ninja's own view has it
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type") == PROBLEM_MEDIA_TYPE:
            return response
        detail = f"{request.method} is not allowed here; use {response['Allow']}."
        return problem_json(405, detail, headers={"Allow": response["Allow"]})

    return wrapper


def api_urls():
    """`api.urls` for config/urls.py, each view answering its 405 as problem JSON."""
    patterns, app_name, namespace = api.urls
    wrapped = [
        URLPattern(p.pattern, method_not_allowed(p.callback), p.default_args, p.name)
        for p in patterns
    ]
    return wrapped, app_name, namespace


def no_such_endpoint(request, rest=""):
    """Any other path under /api/v1/: a 404 problem, not the site's HTML page."""
    return problem_json(404, "No endpoint of the API has this path.")
