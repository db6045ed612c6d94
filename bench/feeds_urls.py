"""The site's URLs plus one trivial JSON view, the reference of bench/feeds.py's HTTP targets.

bench/feeds.py points ROOT_URLCONF here. The trivial view comes first: Wagtail's page tree
takes every path that nothing above it claimed.
"""

from django.http import JsonResponse
from django.urls import path

from config.urls import handler400  # noqa: F401
from config.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return JsonResponse({"ok": True})


urlpatterns = [path("bench-trivial", trivial), *site_urlpatterns]
