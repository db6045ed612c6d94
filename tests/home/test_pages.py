import pytest

pytestmark = pytest.mark.django_db


def test_home_page_renders_with_landmarks(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'href="#main"' in html
    assert '<main id="main"' in html
    assert "<h1>" in html
