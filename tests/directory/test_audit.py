"""Licence status and verification changes are in Wagtail's audit log, on the therapist's
history, with who made them: an editor, the importer or the roster check. A check that finds
what was there already adds nothing."""

import pytest
from wagtail.models import ModelLogEntry

from directory.models import Licence, LicenceStatus, Therapist

from .factories import listed_therapist
from .test_import import GOOD, run
from .test_verification import check_roster, licence_form_data

pytestmark = pytest.mark.django_db

ACTION = "directory.licence.change"


def mark():
    """Where the log stands: the factories' licences were logged as added."""
    return ModelLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def entries(therapist, after=0):
    return list(
        ModelLogEntry.objects.filter(
            object_id=str(therapist.pk), action=ACTION, id__gt=after
        ).order_by("id")
    )


def test_the_roster_check_logs_status_changes_and_withdrawn_verification(tmp_path):
    revoked = listed_therapist()
    unlisted = listed_therapist()
    unchanged = listed_therapist()
    start = mark()
    check_roster(
        tmp_path,
        [
            f"{revoked.licences.get().number},REVOKED,08/31/2099\n",
            f"{unchanged.licences.get().number},ACTIVE,08/31/2099\n",
        ],
        "--clear-unlisted",
    )
    (entry,) = entries(revoked, start)
    assert entry.data["before"] == {"status": "active", "verified": True}
    assert entry.data["after"] == {"status": "revoked", "verified": True}
    assert entry.data["by"] == "verify_licences" and entry.user is None
    assert "active, verified → revoked, verified, by verify_licences" in entry.message
    (withdrawn,) = entries(unlisted, start)
    assert withdrawn.data["after"] == {"status": "active", "verified": False}
    assert entries(unchanged, start) == []  # verified again, as it was: not a change

    check_roster(tmp_path, [f"{revoked.licences.get().number},REVOKED,08/31/2099\n"])
    assert len(entries(revoked, start)) == 1  # the same answer twice is one change


def test_an_editor_change_is_logged_with_the_editor(admin_client, admin_user):
    therapist = listed_therapist()
    start = mark()
    data = licence_form_data(admin_client, therapist)
    data["licences-0-status"] = LicenceStatus.SUSPENDED
    data["action-publish"] = "action-publish"
    response = admin_client.post(f"/admin/snippets/directory/therapist/edit/{therapist.pk}/", data)
    assert response.status_code == 302
    assert Licence.objects.get().status == LicenceStatus.SUSPENDED
    (entry,) = entries(therapist, start)
    assert entry.user == admin_user and entry.data["by"] == "editor"
    assert entry.data["after"]["status"] == "suspended"
    history = admin_client.get(f"/admin/snippets/directory/therapist/history/{therapist.pk}/")
    assert "Licence status or verification changed" in history.content.decode()


def test_the_import_logs_new_and_changed_licences_once():
    run(GOOD)
    therapist = Therapist.objects.get()
    (added,) = entries(therapist)
    assert added.data["before"] is None and added.data["by"] == "import_directory"
    run(GOOD)  # the same file again: nothing changed
    assert len(entries(therapist)) == 1
    run({**GOOD, "licence_status": "expired"})
    changed = entries(therapist)[-1]
    assert changed.data["before"]["status"] == "active"
    assert changed.data["after"]["status"] == "expired"
