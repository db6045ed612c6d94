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
