"""The admin's Directory menu group holds therapists, clinics, locations and the CSV import;
the import is listed for (and open to) editors who may add and change therapists."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.admin.menu import admin_menu

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/directory/import/"


def editor(client, *codenames):
    user = get_user_model().objects.create_user("editor", password="x")
    permissions = Permission.objects.filter(codename__in=["access_admin", *codenames])
    user.user_permissions.set(permissions)
    client.force_login(user)
    return client


def menu(client):
    """{top-level item name: (order, [(submenu item name, url)])} as this user sees the menu."""
    response = client.get("/admin/")  # loads the admin URLs, so every viewset is registered
    assert response.status_code == 200
    request = response.wsgi_request
    items = {}
    for item in admin_menu.menu_items_for_request(request):
        submenu = getattr(item, "menu", None)
        children = submenu.menu_items_for_request(request) if submenu else []
        ordered = sorted(children, key=lambda child: child.order)
        items[item.name] = (item.order, [(child.name, child.url) for child in ordered])
    return items


def test_the_import_is_the_last_item_of_the_directory_group(admin_client):
    items = menu(admin_client)
    order, children = items["directory"]
    assert order == 320
    assert children == [
        ("therapists", "/admin/snippets/directory/therapist/"),
        ("clinics", "/admin/snippets/directory/clinic/"),
        ("locations", "/admin/snippets/directory/location/"),
        ("import-csv", IMPORT_URL),
    ]
    assert not [name for name in items if "import" in name]  # no top-level import item


def test_editors_who_may_add_and_change_therapists_see_and_open_the_import(client):
    editor(client, "add_therapist", "change_therapist", "view_therapist")
    _, children = menu(client)["directory"]
    assert [name for name, _ in children] == ["therapists", "import-csv"]
    assert client.get(IMPORT_URL).status_code == 200


def test_editors_who_may_only_change_therapists_neither_see_nor_open_it(client):
    editor(client, "change_therapist", "view_therapist")
    _, children = menu(client)["directory"]
    assert [name for name, _ in children] == ["therapists"]
    # Wagtail's admin turns the view's PermissionDenied into a redirect home with a message.
    response = client.get(IMPORT_URL)
    assert response.status_code == 302 and response.url == "/admin/"


def test_the_snippets_publish_and_lock_permissions_exist_after_migrate(db):
    """They are created at post_migrate for the snippet models Wagtail knows by then, which is
    why viewsets.py registers the group with register_snippet, not through an admin hook."""
    codenames = set(
        Permission.objects.filter(content_type__app_label="directory").values_list(
            "codename", flat=True
        )
    )
    for model in ("therapist", "clinic"):
        assert {f"publish_{model}", f"lock_{model}", f"unlock_{model}"} <= codenames
    assert "publish_location" in codenames
