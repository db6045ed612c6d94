"""The site's URLs plus two references for bench/feeds.py's HTTP targets: a trivial JSON view,
and the same answer from a bare django-ninja operation (what ninja itself costs a request).

bench/feeds.py points ROOT_URLCONF here. Both come first: Wagtail's page tree takes every path
that nothing above it claimed.
"""

from django.http import JsonResponse
from django.urls import path
from ninja import NinjaAPI

from config.urls import handler400  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns

bare_api = NinjaAPI(urls_namespace="bench-ninja", docs_url=None, openapi_url=None)


@bare_api.get("/trivial")
def ninja_trivial(request):
    return {"ok": True}


def trivial(request):
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench-trivial", trivial),
    path("bench-ninja/", bare_api.urls),
    *site_urlpatterns,
]
