"""Board checks (verify_licences) outlive older drafts: publishing one never undoes them."""

import io

import pytest
from django.core.management import call_command

from directory.models import Licence, LicenceStatus, Therapist

from .factories import listed_therapist

pytestmark = pytest.mark.django_db


def check_roster(tmp_path, lines, *flags):
    roster = tmp_path / "roster.csv"
    roster.write_text("License Number,Status,Expiration Date\n" + "".join(lines))
    call_command(
        "verify_licences", str(roster), "--jurisdiction", "FL", *flags, stdout=io.StringIO()
    )


@pytest.fixture
def draft_before_check():
    """A public therapist with a draft (a new bio) saved before the board check runs."""
    therapist = listed_therapist(bio="Old bio.")
    draft = Therapist.objects.get(pk=therapist.pk)
    draft.bio = "New bio."
    revision = draft.save_revision()
    return therapist, revision


def test_a_licence_revoked_after_the_draft_stays_revoked_when_it_is_published(
    tmp_path, draft_before_check
):
    therapist, revision = draft_before_check
    number = therapist.licences.get().number
    check_roster(tmp_path, [f"{number},REVOKED,08/31/2099\n"])
    assert not Therapist.objects.public().exists()

    revision.publish()

    therapist.refresh_from_db()
    assert therapist.bio == "New bio."  # the draft was published
    assert therapist.licences.get().status == LicenceStatus.REVOKED
    assert not Therapist.objects.public().exists()


def test_verification_withdrawn_after_the_draft_stays_withdrawn(tmp_path, draft_before_check):
    therapist, revision = draft_before_check
    check_roster(tmp_path, ["MA99999,ACTIVE,08/31/2099\n"], "--clear-unlisted")
    assert Licence.objects.get().verified_at is None

    revision.publish()

    assert Licence.objects.get().verified_at is None
    assert not Therapist.objects.public().exists()


def test_the_editor_sees_the_board_result_and_can_still_correct_it_afterwards(
    tmp_path, draft_before_check
):
    therapist, _revision = draft_before_check
    number = therapist.licences.get().number
    check_roster(tmp_path, [f"{number},SUSPENDED,08/31/2099\n"])

    editing = Therapist.objects.get(pk=therapist.pk).get_latest_revision_as_object()
    licence = editing.licences.all()[0]
    assert licence.status == LicenceStatus.SUSPENDED  # what the editor's form shows
    licence.status = LicenceStatus.ACTIVE  # the board's roster was wrong; the editor checked
    editing.save_revision().publish()

    assert Licence.objects.get().status == LicenceStatus.ACTIVE
    assert Therapist.objects.public().count() == 1


def licence_form_data(admin_client, therapist):
    """The therapist's edit form as the browser would send it back unchanged."""
    from .test_admin_locations import post_data

    form = admin_client.get(f"/admin/snippets/directory/therapist/edit/{therapist.pk}/").context[
        "form"
    ]
    seen = form.formsets["licences"].forms[0]
    data = post_data(therapist, [])
    data["licences-0-status"] = seen["status"].value()
    for name in ("verified_at", "board_checked_at"):  # as the widgets write them into the page
        data[f"licences-0-{name}"] = seen.fields[name].widget.format_value(seen[name].value()) or ""
    return data


def test_a_form_opened_before_a_board_check_cannot_overwrite_it(
    admin_client, tmp_path, draft_before_check
):
    therapist, _revision = draft_before_check
    number = therapist.licences.get().number
    stale = licence_form_data(admin_client, therapist)  # the editor opens the form...
    check_roster(tmp_path, [f"{number},REVOKED,08/31/2099\n"])  # ...the nightly check runs...
    stale["bio"] = "Edited overnight."
    response = admin_client.post(  # ...and the editor publishes the next morning
        f"/admin/snippets/directory/therapist/edit/{therapist.pk}/", stale
    )
    assert response.status_code == 302
    assert Therapist.objects.get().bio == "Edited overnight."
    assert Licence.objects.get().status == LicenceStatus.REVOKED
    assert not Therapist.objects.public().exists()


def test_a_form_opened_after_the_check_can_correct_it(admin_client, tmp_path, draft_before_check):
    therapist, _revision = draft_before_check
    number = therapist.licences.get().number
    check_roster(tmp_path, [f"{number},SUSPENDED,08/31/2099\n"])
    data = licence_form_data(admin_client, therapist)
    assert data["licences-0-status"] == LicenceStatus.SUSPENDED  # the editor sees the result
    data["licences-0-status"] = LicenceStatus.ACTIVE  # and corrects it, having called the board
    response = admin_client.post(f"/admin/snippets/directory/therapist/edit/{therapist.pk}/", data)
    assert response.status_code == 302
    assert Licence.objects.get().status == LicenceStatus.ACTIVE
