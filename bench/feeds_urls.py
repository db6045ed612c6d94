"""The site's URLs plus two references for bench/feeds.py's HTTP targets: a trivial JSON view,
and the same answer from a bare django-ninja operation (what ninja itself costs a request).

bench/feeds.py points ROOT_URLCONF here. Both come first: Wagtail's page tree takes every path
that nothing above it claimed.
"""

import sys

if __name__ == "__main__":  # `make bench` runs every bench/*.py: this one is not a benchmark
    print("bench/feeds_urls.py is bench/feeds.py's URL conf: run bench/feeds.py.")
    sys.exit(0)

from django.http import JsonResponse  # noqa: E402
from django.urls import path  # noqa: E402
from ninja import NinjaAPI  # noqa: E402

from config.urls import handler400  # noqa: E402, F401
from config.urls import urlpatterns as site_urlpatterns  # noqa: E402

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
