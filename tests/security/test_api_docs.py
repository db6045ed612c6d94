"""/api/v1/docs: Swagger UI from our own static files, no CDN."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_the_docs_page_loads_everything_from_our_own_host(client, home_page):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(ref.endswith("swagger-ui-bundle.js") for ref in references), references
    for reference in references:
        assert reference.startswith("/") and not reference.startswith("//"), reference
    assert "cdn" not in html.lower() and "://" not in html.replace("http://testserver", "")
    assert "<script>" not in html  # no inline script: the page runs under the site's CSP


def test_the_docs_static_files_are_ours_to_serve():
    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name
