"""Our own JSON endpoints (django-ninja, with an OpenAPI 3.1 document) and Wagtail's API v2."""

from ninja import NinjaAPI
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

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

wagtail_api = WagtailAPIRouter("wagtailapi")
wagtail_api.register_endpoint("pages", PagesAPIViewSet)
wagtail_api.register_endpoint("images", ImagesAPIViewSet)
wagtail_api.register_endpoint("documents", DocumentsAPIViewSet)
