"""Our own JSON endpoints (django-ninja, with an OpenAPI 3.1 document); Wagtail's API v2 is in
config/wagtail_api.py."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Fascia API",
    version="1.0",
    description="Patient education, exercise videos and the licensed-provider directory as JSON.",
    urls_namespace="fascia-api",
)
# Each app mounts its own router here: api.add_router("/directory/", "directory.api.router").
for prefix, router in [
    ("/education/", "education.api.router"),
    ("/videos/", "videos.api.router"),
    ("/directory/", "directory.api.router"),
    ("/search", "search.api.router"),  # its one route is the root: /api/search
]:
    api.add_router(prefix, router)
