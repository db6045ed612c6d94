"""X-Frame-Options and CSP frame-ancestors say the same thing on every response, and /api/v1/docs
is served from our own static files under the site's policy."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.test import RequestFactory
from django.views.decorators.clickjacking import xframe_options_exempt, xframe_options_sameorigin
from hypothesis import given
from hypothesis import strategies as st

from home.headers import FrameAncestorsMiddleware, with_frame_ancestors

AGREEING = {"DENY": "'none'", "SAMEORIGIN": "'self'"}


def directives(response):
    policy = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def assert_frame_headers_agree(response, expected_option):
    assert response["X-Frame-Options"] == expected_option
    # Exactly one frame-ancestors, and it is the CSP spelling of X-Frame-Options.
    policy = response["Content-Security-Policy"]
    assert policy.count("frame-ancestors") == 1
    assert directives(response)["frame-ancestors"] == [AGREEING[expected_option]]


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@fascia.example", "pw")


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/search/?q=neck",
        "/find-a-therapist/",
        "/no-such-page/",
        "/api/v1/docs",
        "/api/v1/openapi.json",
        "/api/wagtail/v2/pages/",
        "/healthz",
        "/robots.txt",
        "/admin/login/",
        "/_util/login/",
    ],
)
def test_public_and_admin_responses_may_not_be_framed(client, home_page, url):
    response = client.get(url)
    assert response.status_code < 500
    assert_frame_headers_agree(response, "DENY")


def test_the_admin_may_not_be_framed(client, home_page, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert_frame_headers_agree(response, "DENY")


def test_wagtail_preview_may_be_framed_by_the_admin_only(client, home_page, superuser):
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{home_page.pk}/edit/preview/")
    assert response.status_code == 200
    assert_frame_headers_agree(response, "SAMEORIGIN")


def test_the_lockout_page_may_not_be_framed(client, home_page, settings):
    settings.AXES_FAILURE_LIMIT = 1
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert response.status_code == 429
    assert_frame_headers_agree(response, "DENY")


def test_api_docs_are_under_the_same_policy_as_the_site(client, home_page):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert directives(docs) == directives(client.get("/"))
    assert directives(docs)["script-src"] == ["'self'"]


def test_api_docs_load_swagger_ui_from_our_static_files_without_inline_script(client, db):
    html = client.get("/api/v1/docs").content.decode()
    sources = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', html)
    assert any(src.endswith("swagger-ui-bundle.js") for src in sources)
    assert sources
    assert all(src.startswith("/static/") for src in sources), sources
    # Every script element either loads a file or holds data; none runs inline code.
    for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attributes or 'type="application/json"' in attributes, body


def view_with(decorator=None, option=None, policy=None):
    def view(request):
        response = HttpResponse("ok")
        if option:
            response["X-Frame-Options"] = option
        if policy is not None:
            response["Content-Security-Policy"] = policy
        return response

    return decorator(view) if decorator else view


@pytest.mark.parametrize(
    "view, ancestors",
    [
        (view_with(), "'none'"),
        (view_with(xframe_options_sameorigin), "'self'"),
        (view_with(option="DENY", policy="default-src 'self'; frame-ancestors 'self'"), "'none'"),
        (view_with(option="SAMEORIGIN", policy="frame-ancestors 'none'"), "'self'"),
    ],
)
def test_the_middleware_follows_x_frame_options(view, ancestors):
    response = FrameAncestorsMiddleware(view)(RequestFactory().get("/"))
    assert directives(response)["frame-ancestors"] == [ancestors]


def test_an_exempt_view_gets_no_frame_ancestors_either():
    view = view_with(xframe_options_exempt, policy="default-src 'self'; frame-ancestors 'none'")
    response = FrameAncestorsMiddleware(view)(RequestFactory().get("/"))
    assert response["Content-Security-Policy"] == "default-src 'self'"
    view = view_with(xframe_options_exempt, policy="frame-ancestors 'none'")
    assert "Content-Security-Policy" not in FrameAncestorsMiddleware(view)(
        RequestFactory().get("/")
    )


DIRECTIVE = st.sampled_from(["default-src", "script-src", "img-src", "frame-ancestors", "base-uri"])
SOURCE = st.sampled_from(["'self'", "'none'", "data:", "https:", "blob:"])


@given(
    st.lists(st.tuples(DIRECTIVE, st.lists(SOURCE, min_size=1, max_size=3)), max_size=6),
    st.sampled_from(["'none'", "'self'", None]),
)
def test_with_frame_ancestors_replaces_only_that_directive(parts, ancestors):
    policy = "; ".join(f"{name} {' '.join(sources)}" for name, sources in parts)
    result = with_frame_ancestors(policy, ancestors)
    kept = [f"{name} {' '.join(sources)}" for name, sources in parts if name != "frame-ancestors"]
    assert result == "; ".join(kept + ([f"frame-ancestors {ancestors}"] if ancestors else []))
