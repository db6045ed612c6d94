import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from directory.importer import COLUMNS, import_directory
from directory.models import Clinic, Licence, Location, Postcode, Service, Therapist

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Maria Lopez",
    "licence_jurisdiction": "FL",
    "licence_number": "ma12345",
    "licence_status": "active",
    "licence_issued_on": "2022-01-01",
    "licence_expires_on": "2099-08-31",
    "licence_verified_at": "2026-01-05",
    "street_address": "1450 Brickell Ave",
    "locality": "Miami",
    "region": "FL",
    "postal_code": "33131",
    "latitude": "25.76012",
    "longitude": "-80.19259",
    "languages": "en, es",
    "npi": "1234567893",
    "phone": "(305) 375-0123",
    "clinic_name": "Harbor Bodywork",
    "clinic_phone": "305 375 0100",
    "hours": "Mo-Fr 09:00-17:00; Sa 10:00-14:00",
    "services": "Swedish massage|60|95; Deep tissue|90|120-140",
}


def as_csv(*rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def run(*rows, dry_run=False):
    return import_directory(csv.DictReader(io.StringIO(as_csv(*rows))), dry_run=dry_run)


def test_valid_row_stores_therapist_licence_clinic_location_hours_services():
    report = run(GOOD)
    assert report.errors == []
    therapist = Therapist.objects.get()
    assert therapist.languages == "en,es"
    licence = therapist.licences.get()
    assert (licence.jurisdiction, licence.number, licence.status) == ("FL", "MA12345", "active")
    location = therapist.locations.get()
    assert location.clinic.name == "Harbor Bodywork"
    assert location.clinic.phone == "+13053750100"
    assert location.phone == "+13053750123"
    assert len(location.opening_intervals) == 6
    assert [s.name for s in location.services.all()] == ["Swedish massage", "Deep tissue"]
    assert Therapist.objects.public().get() == therapist


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"npi": "1234567890"}, "npi", "check digit"),
        ({"phone": "555"}, "phone", "not a valid phone"),
        ({"latitude": "95.00000"}, "latitude", "between"),
        ({"latitude": "25.7601"}, "latitude", "5 decimals"),
        ({"licence_jurisdiction": "ZZ"}, "licence_jurisdiction", "Unknown jurisdiction"),
        ({"licence_expires_on": "2020-01-01"}, "licence_expires_on", "before the issue date"),
        ({"licence_status": "great"}, "licence_status", "Use one of"),
        ({"name": ""}, "name", "required"),
        ({"hours": "Mon 9-5"}, "hours", "Can't read"),
        ({"languages": "en, klingon"}, "languages", "klingon"),
        ({"booking_url": "javascript:alert(1)"}, "booking_url", "valid URL"),
        ({"latitude": "", "longitude": "", "postal_code": "99999"}, "latitude", "gazetteer"),
    ],
)
def test_invalid_rows_are_reported_and_stored_nowhere(change, field, reason):
    other = {**GOOD, "licence_number": "MA999", "name": "Sam Rivera", "clinic_name": "Other"}
    report = run({**GOOD, **change}, other)
    assert [(e.row, e.field) for e in report.errors] == [(2, field)]
    assert reason in report.errors[0].reason
    assert list(Therapist.objects.values_list("name", flat=True)) == ["Sam Rivera"]
    assert not Clinic.objects.filter(name="Harbor Bodywork").exists()
    assert Location.objects.count() == 1


def test_duplicate_licence_for_another_person_in_one_file_is_an_error():
    report = run(GOOD, {**GOOD, "name": "Someone Else", "street_address": "2 Other St"})
    assert [(e.row, e.field) for e in report.errors] == [(3, "licence_number")]
    assert Therapist.objects.count() == 1


def test_same_licence_on_several_rows_means_several_locations():
    second = {
        **GOOD,
        "street_address": "220 N Orange Ave",
        "clinic_name": "",
        "locality": "Orlando",
    }
    run(GOOD, second)
    therapist = Therapist.objects.get()
    assert therapist.locations.count() == 2


def test_reimport_updates_instead_of_duplicating():
    run(GOOD)
    changed = {**GOOD, "bio": "Now with sports massage.", "licence_status": "suspended",
               "services": "Sports massage|45|80", "hours": "Sa 10:00-12:00"}  # fmt: skip
    report = run(changed)
    assert (report.therapists_created, report.therapists_updated) == (0, 1)
    assert Therapist.objects.count() == Licence.objects.count() == Location.objects.count() == 1
    assert Therapist.objects.get().bio == "Now with sports massage."
    assert Licence.objects.get().status == "suspended"
    assert list(Service.objects.values_list("name", flat=True)) == ["Sports massage"]
    assert [day for day, *_ in Location.objects.get().opening_intervals] == [5]
    assert not Therapist.objects.public().exists()


def test_dry_run_reports_but_stores_nothing():
    report = run(GOOD, {**GOOD, "licence_number": "X1", "name": "B", "npi": "1"}, dry_run=True)
    assert report.dry_run and report.valid_rows == 1 and len(report.errors) == 1
    assert report.therapists_created == 1
    assert not Therapist.objects.exists() and not Location.objects.exists()


def test_postcode_centroid_fills_missing_coordinates():
    Postcode.objects.create(country="US", postal_code="33131", latitude=25.7617, longitude=-80.19)
    run({**GOOD, "latitude": "", "longitude": ""})
    assert float(Location.objects.get().latitude) == 25.7617


def test_command_prints_row_report_and_summary(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_text(as_csv(GOOD, {**GOOD, "licence_number": "MA2", "name": "B", "phone": "12"}))
    out = io.StringIO()
    call_command("import_directory", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "row 3, phone: 12 is not a valid phone number." in text
    assert "2 rows: 1 valid, 1 with errors. Would store 1 new" in text
    assert not Therapist.objects.exists()
    call_command("import_directory", str(path), stdout=io.StringIO())
    assert Therapist.objects.count() == 1
    assert len(Location.objects.get().opening_intervals) == 6


def test_admin_upload_form(admin_client):
    page = admin_client.get("/admin/directory/import/")
    assert page.status_code == 200 and "licence_jurisdiction" in page.content.decode()
    upload = SimpleUploadedFile("d.csv", as_csv(GOOD).encode(), content_type="text/csv")
    response = admin_client.post("/admin/directory/import/", {"file": upload, "dry_run": ""})
    assert response.status_code == 200
    assert "Import finished" in response.content.decode()
    assert Therapist.objects.count() == 1

    bad = SimpleUploadedFile("d.csv", b"name,other\nA,B\n", content_type="text/csv")
    response = admin_client.post("/admin/directory/import/", {"file": bad, "dry_run": "on"})
    assert "The header row lacks: licence_jurisdiction" in response.content.decode()


def test_load_postcodes_and_verify_licences(tmp_path):
    out = io.StringIO()
    call_command("load_postcodes", stdout=out)
    assert Postcode.objects.filter(postal_code="33131").exists()
    assert Postcode.objects.count() > 300
    call_command("load_postcodes", stdout=out)
    assert "0 postcodes added" in out.getvalue()

    run({**GOOD, "licence_verified_at": ""})
    assert not Therapist.objects.public().exists()
    roster = tmp_path / "fl.csv"
    roster.write_text(
        "License Number,Status,Expiration Date\nMA12345,CLEAR/ACTIVE,08/31/2099\n"
        "MA555,ACTIVE,08/31/2099\nMA777,weird,\n"
    )
    out = io.StringIO()
    call_command("verify_licences", str(roster), "--jurisdiction", "FL", stdout=out)
    assert "1 matched our licences" in out.getvalue()
    assert "row 4, status: Unknown status" in out.getvalue()
    licence = Licence.objects.get()
    assert licence.verified_at is not None and "FL board roster" in licence.verification_source
    assert Therapist.objects.public().exists()


def test_a_large_import_leaves_search_ready(monkeypatch):
    """Large imports refresh planner statistics and, on PostgreSQL, merge the GIN pending list."""
    from directory import importer
    from directory.search import search

    monkeypatch.setattr(importer, "ANALYZE_AFTER_ROWS", 1)
    run(GOOD)
    results = search({"q": GOOD["name"].split()[0]})
    assert [hit.therapist.name for hit in results.hits] == [GOOD["name"]]
