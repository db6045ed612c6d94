"""The editorial roles (editorial/roles.py): each group, made by a data migration, may do its
own work in the admin and nothing else, and Editors never publish."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask

from editorial.roles import ROLES
from home.management.commands import seed_demo
from tests.education import factories

THERAPISTS = "/admin/snippets/directory/therapist/"
PARTNERS = "/admin/snippets/feeds/partner/"
IMPORT = "/admin/directory/import/"
IMAGES = "/admin/images/"
VIDEOS = "/admin/videos/"
EDIT_PAGE = "edit page"  # the routine's edit view, filled in by the test


@pytest.fixture
def routine(sections):
    return factories.routine(sections["routines"])


def member_of(name):
    username = name.lower().replace(" ", "-")
    user = get_user_model().objects.create_user(username=username, password="unused-here")
    user.groups.add(Group.objects.get(name=name))
    return user


def test_the_migration_made_each_role_and_moderators_became_clinical_reviewers(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.name for role in ROLES} <= names
    assert "Moderators" not in names
    # Wagtail's approval task kept its group under the new name.
    task = GroupApprovalTask.objects.get(name="Moderators approval")
    assert [group.name for group in task.groups.all()] == ["Clinical reviewers"]


ACCESS = [
    ("Editors", EDIT_PAGE, True),
    ("Editors", IMAGES, True),
    ("Editors", VIDEOS, True),
    ("Editors", THERAPISTS, False),
    ("Editors", IMPORT, False),
    ("Editors", PARTNERS, False),
    ("Clinical reviewers", EDIT_PAGE, True),
    ("Clinical reviewers", THERAPISTS, False),
    ("Clinical reviewers", PARTNERS, False),
    ("Directory managers", THERAPISTS, True),
    ("Directory managers", IMPORT, True),
    ("Directory managers", EDIT_PAGE, False),
    ("Directory managers", VIDEOS, False),
    ("Directory managers", PARTNERS, False),
    ("Partner managers", PARTNERS, True),
    ("Partner managers", THERAPISTS, False),
    ("Partner managers", IMPORT, False),
    ("Partner managers", EDIT_PAGE, False),
    ("Partner managers", IMAGES, False),
]


@pytest.mark.parametrize(("role", "url", "allowed"), ACCESS)
def test_each_role_reaches_its_own_work_only(client, routine, role, url, allowed):
    client.force_login(member_of(role))
    if url == EDIT_PAGE:
        url = f"/admin/pages/{routine.pk}/edit/"
    response = client.get(url)
    if allowed:
        assert response.status_code == 200
    else:
        # Wagtail sends a signed-in user without the permission back to the dashboard.
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == "/admin/"


@pytest.mark.parametrize(("role", "publishes"), [("Editors", False), ("Clinical reviewers", True)])
def test_only_clinical_reviewers_publish_even_through_a_bulk_action(
    client, routine, role, publishes
):
    user = member_of(role)
    assert routine.permissions_for_user(user).can_publish() is publishes
    routine.title = "Neck release, reviewed"
    routine.save_revision(user=user)
    client.force_login(user)
    client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={routine.pk}&next=/admin/",
        {"include_descendants": False},
    )
    routine.refresh_from_db()
    assert (routine.title == "Neck release, reviewed") is publishes
    assert routine.has_unpublished_changes is not publishes


def test_seed_demo_adds_a_user_per_role_who_signs_in_to_their_own_work(client, db):
    out = io.StringIO()
    command = seed_demo.Command(stdout=out)
    command.ensure_role_users("demo-pass-123")
    command.ensure_role_users("another-one")  # again: nothing changes
    text = out.getvalue()
    for role in ROLES:
        assert f"{role.demo_username} / demo-pass-123: {role.name}." in text
        user = get_user_model().objects.get(username=role.demo_username)
        assert [group.name for group in user.groups.all()] == [role.name]
        assert user.check_password("demo-pass-123")
    assert "another-one" not in text
    signed_in = client.post("/admin/login/", {"username": "directory", "password": "demo-pass-123"})
    assert signed_in.status_code == 302
    assert client.get(THERAPISTS).status_code == 200
