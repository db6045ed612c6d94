"""A tiny NinjaAPI with partner_auth, the throttles and their handlers, as the lead wires them
into /api/v1/; tests point ROOT_URLCONF here (the `partner_api` fixture)."""

from django.urls import path
from ninja import NinjaAPI
from ninja.errors import Throttled

from config.problems import ApiProblem, problem_for
from feeds.auth import content_terms, partner_auth, require_scope
from feeds.throttling import throttled, throttles

api = NinjaAPI(urls_namespace="partner-test-api", auth=partner_auth, throttle=throttles())
api.add_exception_handler(ApiProblem, lambda request, exc: problem_for(exc))
api.add_exception_handler(Throttled, throttled)


def endpoint(name):
    @api.get(f"/{name}", operation_id=name)
    def read(request):
        require_scope(request, name)
        return {"caller": str(request.auth), "terms": content_terms(request)}


for name in ("education", "directory", "changes"):
    endpoint(name)

urlpatterns = [path("api/", api.urls)]
