import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from wagtail.models import Page, PageViewRestriction

pytestmark = pytest.mark.django_db


def menu_links(client):
    html = client.get("/").content.decode()
    nav = html.split('<nav class="site-nav" aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    return [chunk.split('"', 1)[0] for chunk in nav.split('href="')[1:]]


def add_menu_page(parent, title):
    return parent.add_child(instance=Page(title=title, slug=title.lower(), show_in_menus=True))


def test_menu_lists_live_in_menu_pages_and_follows_publishing(client, home_page):
    guides = add_menu_page(home_page, "Guides")
    add_menu_page(home_page, "Routines")
    assert menu_links(client)[:2] == ["/guides/", "/routines/"]

    guides.unpublish()
    assert menu_links(client)[0] == "/routines/"

    guides.save_revision().publish()
    assert menu_links(client)[:2] == ["/guides/", "/routines/"]


def test_menu_hides_a_page_as_soon_as_it_is_made_private(client, home_page):
    staff = add_menu_page(home_page, "Staff")
    assert "/staff/" in menu_links(client)

    restriction = PageViewRestriction.objects.create(
        page=staff, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Staff"))
    assert "/staff/" not in menu_links(client)


def test_menu_marks_the_current_section(rf, home_page):
    guides = add_menu_page(home_page, "Guides")
    insurance = guides.add_child(instance=Page(title="Insurance", slug="insurance"))
    template = Template("{% load fascia_tags %}{% main_menu %}")

    html = template.render(Context({"request": rf.get("/guides/insurance/"), "page": insurance}))

    assert '<a href="/guides/" aria-current="page">Guides</a>' in html
    assert '<a href="/find-a-therapist/">' in html


def test_base_template_costs_few_queries(client, home_page, django_assert_max_num_queries):
    add_menu_page(home_page, "Guides")
    client.get("/")  # warm the menu cache
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
