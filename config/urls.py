from django.conf import settings
from django.conf.urls.static import static as media_static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config import wagtail_api
from config.api import api_urls, no_such_endpoint
from config.sitemaps import SITEMAPS
from home import views as home_views
from home.params import answers_bad_parameters
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Our API is v1; Wagtail's generic page API keeps its own "v2" under /api/wagtail/, so
    # nobody reads it as newer than ours.
    path("api/wagtail/v2/", wagtail_api.router.urls),
    path("api/v1/", api_urls()),
    re_path(r"^api/v1/", no_such_endpoint),
    path("search/", answers_bad_parameters(search_views.search), name="search"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("healthz", home_views.healthz, name="healthz"),
    path("favicon.ico", home_views.favicon, name="favicon"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("", include("directory.urls")),
]

if settings.DEBUG:
    urlpatterns += media_static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree takes every path nothing above claimed. Its page server answers a
# BadParameter (raised by an index page's filters) with the 400 page, as our own views do;
# its other routes (the password and login forms) are kept as they are, in their order.
urlpatterns += [
    re_path(
        pattern.pattern.regex.pattern, answers_bad_parameters(pattern.callback), name=pattern.name
    )
    if pattern.name == "wagtail_serve"
    else pattern
    for pattern in wagtail_urls.urlpatterns
]

handler400 = "home.params.bad_request"
