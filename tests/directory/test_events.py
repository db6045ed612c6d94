"""Every path that changes what the public sees of a therapist sends
directory.events.listings_changed with the therapists concerned and why (the change log listens)."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection

from directory.events import listings_changed
from directory.importer import COLUMNS, import_directory
from directory.models import Licence, LicenceStatus, Therapist
from tests.education import factories as education

from .factories import ClinicFactory, add_service, listed_therapist, location_at

pytestmark = pytest.mark.django_db

MIAMI = (25.76168, -80.19179)


@pytest.fixture
def events():
    """[(ids, reason)] of each listings_changed sent during the test, with whether a
    transaction was open (the receiver defers its work to on_commit)."""
    sent = []

    def receive(sender, ids, reason, **kwargs):
        sent.append((tuple(ids), reason))
        assert connection.in_atomic_block

    listings_changed.connect(receive, dispatch_uid="test-events")
    yield sent
    listings_changed.disconnect(dispatch_uid="test-events")


@pytest.fixture
def therapist():
    return listed_therapist(locations=[location_at(*MIAMI, clinic=ClinicFactory())])


def reasons_for(events, therapist_id):
    return {reason for ids, reason in events if therapist_id in ids}


def test_saving_a_therapist_sends_save(events, therapist):
    events.clear()
    therapist.bio = "Now also sports massage."
    therapist.save()
    assert events == [((therapist.pk,), "save")]


def test_publishing_and_unpublishing_send_save(events, therapist):
    events.clear()
    therapist.unpublish()
    assert reasons_for(events, therapist.pk) == {"save"}
    events.clear()
    therapist.save_revision().publish()
    # Publishing writes the revision's licences too, each of which says so.
    assert reasons_for(events, therapist.pk) == {"save", "licence"}


def test_licence_added_edited_and_deleted_send_licence(events, therapist):
    events.clear()
    licence = Licence.objects.create(
        therapist=therapist, jurisdiction="GA", number="MT1", status=LicenceStatus.ACTIVE
    )
    licence.status = LicenceStatus.SUSPENDED
    licence.save()
    licence.delete()
    assert events == [((therapist.pk,), "licence")] * 3


def test_verify_licences_sends_licence_for_checked_and_withdrawn(events, tmp_path):
    checked, unlisted = listed_therapist(), listed_therapist()
    roster = tmp_path / "roster.csv"
    roster.write_text(f"License Number,Status\n{checked.licences.get().number},REVOKED\n")
    events.clear()
    call_command(
        "verify_licences",
        str(roster),
        "--jurisdiction",
        "FL",
        "--clear-unlisted",
        stdout=io.StringIO(),
    )
    assert events == [(tuple(sorted([checked.pk, unlisted.pk])), "licence")]


def test_location_edit_and_hours_send_location(events, therapist):
    place = therapist.locations.get()
    events.clear()
    place.phone = "+13055550199"
    place.hours = [("interval", {"weekday": "0", "opens": "09:00", "closes": "17:00"})]
    place.save()
    assert events == [((therapist.pk,), "location")]


def test_services_added_and_removed_send_location(events, therapist):
    events.clear()
    service = add_service(therapist.locations.get())
    service.delete()
    assert events == [((therapist.pk,), "location")] * 2


def test_deleting_a_location_sends_location(events, therapist):
    place = therapist.locations.get()
    events.clear()
    place.delete()
    assert ((therapist.pk,), "location") in events


def test_clinic_edit_and_deletion_send_clinic(events, therapist):
    clinic = therapist.locations.get().clinic
    events.clear()
    clinic.name = "Harbor Bodywork"
    clinic.save()
    assert events == [((therapist.pk,), "clinic")]
    events.clear()
    clinic.delete()
    assert events == [((therapist.pk,), "clinic")]


def test_import_sends_import_for_the_file_and_colleagues_at_its_places(events, therapist):
    place = therapist.locations.get()
    row = {
        "name": "Maria Lopez",
        "licence_jurisdiction": "FL",
        "licence_number": "MA99999",
        "licence_status": "active",
        "licence_verified_at": "2026-01-05",
        "street_address": place.street_address,
        "locality": "Miami",
        "region": "FL",
        "postal_code": place.postal_code,
        "latitude": "25.76012",
        "longitude": "-80.19259",
        "clinic_name": place.clinic.name,
        "services": "Swedish massage|60|95",
    }
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerow(row)
    events.clear()
    report = import_directory(csv.DictReader(io.StringIO(out.getvalue())))
    assert report.errors == []
    imported = Therapist.objects.get(name="Maria Lopez")
    assert events == [(tuple(sorted([therapist.pk, imported.pk])), "import")]


def test_modality_visibility_and_deletion_send_modality(events, home_page):
    index = education.sections(home_page)["modalities"]
    page = education.modality(index, title="Zqxy massage", slug="zqxy-massage")
    therapist = listed_therapist()
    therapist.modalities.set([page])
    therapist.save()
    events.clear()
    education.put_in_state(page, "draft")
    assert reasons_for(events, therapist.pk) == {"modality"}
    events.clear()
    page.delete()
    assert reasons_for(events, therapist.pk) == {"modality"}


def test_deleting_a_therapist_sends_delete(events, therapist):
    therapist_id = therapist.pk
    events.clear()
    therapist.delete()
    assert ((therapist_id,), "delete") in events
