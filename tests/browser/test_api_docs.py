"""/api/v1/docs, as a partner developer opens it: Swagger UI renders every operation from our own
static files, under the site's CSP, with nothing refused and nothing asked of another host."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_from_our_own_files(live_server, page):
    requested, refused = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: refused.append(message.text) if message.type == "error" else None,
    )
    response = page.goto(live_server.url + "/api/v1/docs")
    assert response.status == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]

    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    shown = page.locator(".opblock-summary-path").all_inner_texts()
    spec = page.request.get(live_server.url + "/api/v1/openapi.json").json()
    assert sorted(path.replace("\u200b", "") for path in shown) == sorted(spec["paths"])

    assert refused == []  # a CSP refusal shows as a console error
    assert all(url.startswith(live_server.url) for url in requested), requested
