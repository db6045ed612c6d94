"""Admin reports: who sees them, their rows and filters, their CSV and XLSX exports, and a
fixed number of queries per page."""

import csv
import datetime
import io

import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.directory.factories import LicenceFactory, TherapistFactory
from tests.editorial.test_roles import member_of

LICENCES = "/admin/reports/licences/"


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def licences(db):
    """Expired 5 days ago, expiring in 10, 45 and 200 days (outside the report)."""
    return {
        days: LicenceFactory(
            therapist=TherapistFactory(name=f"Therapist in {days}"),
            expires_on=in_days(days),
            number=f"MA{days + 500}",
        )
        for days in (-5, 10, 45, 200)
    }


@pytest.fixture
def manager(client, db):
    client.force_login(member_of("Directory managers"))
    return client


def names(response):
    return [licence.therapist.name for licence in response.context["object_list"]]


def test_licences_expired_or_within_90_days_soonest_first(manager, licences):
    response = manager.get(LICENCES)
    assert response.status_code == 200
    assert names(response) == ["Therapist in -5", "Therapist in 10", "Therapist in 45"]
    html = response.content.decode()
    assert "Licences expiring" in html and "MA510" in html and "MA700" not in html


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ("expired", ["Therapist in -5"]),
        ("30", ["Therapist in 10"]),
        ("60", ["Therapist in 10", "Therapist in 45"]),
    ],
)
def test_the_window_filter(manager, licences, window, expected):
    assert names(manager.get(LICENCES, {"window": window})) == expected


def test_only_those_who_keep_the_directory_see_it(client, licences):
    client.force_login(member_of("Editors"))
    response = client.get(LICENCES)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert LICENCES not in client.get("/admin/").content.decode()
    client.force_login(member_of("Directory managers"))
    assert LICENCES in client.get("/admin/").content.decode()  # in its Reports menu


def exported(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_csv_and_xlsx_exports_hold_the_filtered_rows(manager, licences):
    text = exported(manager.get(LICENCES, {"window": "60", "export": "csv"})).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Therapist", "Jurisdiction", "Number", "Status", "Expires on", "Days left"]
    assert [row[0] for row in rows[1:]] == ["Therapist in 10", "Therapist in 45"]
    assert rows[1][2:] == ["MA510", "active", in_days(10).isoformat(), "10"]
    book = openpyxl.load_workbook(io.BytesIO(exported(manager.get(LICENCES, {"export": "xlsx"}))))
    sheet = [[cell.value for cell in row] for row in book.active.iter_rows()]
    assert sheet[0][0] == "Therapist" and [row[0] for row in sheet[1:]] == [
        "Therapist in -5",
        "Therapist in 10",
        "Therapist in 45",
    ]
    assert sheet[1][5] == -5


@pytest.mark.parametrize("count", [3, 60])
def test_a_page_costs_the_same_queries_for_few_or_many(manager, db, count):
    """The report's own work is two queries (the count and the page's rows) at any size; the
    whole admin page adds what every admin page reads (the user, the menu's permissions, the
    user's profile), 10 in all (the session comes from the cache)."""
    for number in range(count):
        LicenceFactory(expires_on=in_days(number % 80), number=f"MA{90000 + number}")
    query = {"p": 2} if count > 50 else {}
    manager.get(LICENCES)  # the session is read the same way from here on
    with CaptureQueriesContext(connection) as results:
        response = manager.get(LICENCES + "results/", query)
    assert response.status_code == 200 and response.context["object_list"]
    assert len(results) <= 10
    with CaptureQueriesContext(connection) as page:
        manager.get(LICENCES, query)
    assert len(page) == len(results) + 4 <= 10
    report_queries = [q["sql"] for q in page if "directory_licence" in q["sql"]]
    assert len(report_queries) == 2


def test_the_dashboard_counts_licences_for_directory_managers_only(client, licences):
    client.force_login(member_of("Directory managers"))
    dashboard = BeautifulSoup(client.get("/admin/").content, "html.parser")
    panel = dashboard.find(id="editorial-licences-section")
    assert panel is not None and "Licences needing attention" in panel.get_text()
    rows = [
        (row.a["href"], row.a.get_text(strip=True), row.find_all("td")[1].get_text(strip=True))
        for row in panel.tbody.find_all("tr")
    ]
    assert rows == [
        (f"{LICENCES}?window=expired", "Expired", "1"),
        (f"{LICENCES}?window=30", "Expiring within 30 days", "1"),
        ("/admin/reports/hidden-listings/", "Listings hidden by their licences", "1"),
    ]
    client.force_login(member_of("Partner managers"))
    assert "Licences needing attention" not in client.get("/admin/").content.decode()
