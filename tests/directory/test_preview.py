"""Editors preview therapists and clinics from the admin, new or as a draft of a live one, the
way Wagtail's preview panel does it: POST the edit form to the preview URL, then GET the
preview. The preview shows the form as the editor has it; the public page keeps what is live."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import Clinic, Therapist
from tests.education.test_preview import preview  # POST the form, then GET the preview

from .factories import ClinicFactory, add_service, listed_therapist, location_at
from .test_profiles import jsonld

pytestmark = pytest.mark.django_db

THERAPISTS = "/admin/snippets/directory/therapist"
CLINICS = "/admin/snippets/directory/clinic"


def structured_data(html):
    """The profile's schema.org graph (the page also carries the site's Organization)."""
    return next(data["@graph"] for data in jsonld(html) if "@graph" in data)


def therapist_form(name, slug, locations, licence=None, removed_links=()):
    """The therapist form as the editor sends it: one licence (the stored one, if given), the
    stored location links the editor removed, and a chooser link per chosen location."""
    licence_data = {
        "jurisdiction": "FL",
        "number": "MA77001",
        "credential_type": "licence",
        "status": "active",
        "expires_on": (timezone.localdate() + dt.timedelta(days=365)).isoformat(),
        "verified_at": "2025-01-02 09:00",
    }
    if licence is not None:
        licence_data.update(id=licence.pk, number=licence.number)
    return nested_form_data(
        {
            "name": name,
            "slug": slug,
            "bio": "Sports massage for runners.",
            "languages": "en",
            "accepting_new_clients": "on",
            "licences": inline_formset([licence_data], initial=int(licence is not None), min=1),
            "location_links": inline_formset(
                [
                    {"id": link.pk, "location": link.location_id, "DELETE": "1"}
                    for link in removed_links
                ]
                + [{"location": place.pk} for place in locations],
                initial=len(removed_links),
            ),
        }
    )


def clinic_form(name, slug, description):
    return {"name": name, "slug": slug, "description": description, "phone": "+13055550123"}


@pytest.fixture
def places(home_page):
    """A published place and a place whose snippet is still a draft (not live)."""
    live = location_at(25.77, -80.19, street_address="1 Harbor Road")
    add_service(live, "Sports massage", 60, "90")
    draft = location_at(25.78, -80.20, street_address="9 Draft Street", live=False)
    return live, draft


def test_preview_of_a_new_therapist(admin_client, places):
    html = preview(
        admin_client, f"{THERAPISTS}/preview/", therapist_form("Ana New", "ana-new", places)
    )
    assert "Ana New" in html and "MA77001" in html
    # Both places the editor chose, the unpublished one too, with their services.
    assert "1 Harbor Road" in html and "9 Draft Street" in html
    assert "Sports massage" in html and "$90" in html
    assert 'name="robots" content="noindex"' in html and 'rel="canonical"' not in html
    person = next(node for node in structured_data(html) if node["@type"] == "Person")
    assert person["name"] == "Ana New"
    assert not Therapist.objects.exists()


def test_preview_of_a_draft_of_a_live_therapist(admin_client, client, places):
    live_place, draft_place = places
    therapist = listed_therapist([live_place], name="Maria Lopez", slug="maria-lopez")
    form = therapist_form(
        "Maria Lopez-Draft",
        "maria-lopez",
        [draft_place],
        licence=therapist.licences.get(),
        removed_links=list(therapist.location_links.all()),
    )
    html = preview(admin_client, f"{THERAPISTS}/preview/{therapist.pk}/", form)
    assert "Maria Lopez-Draft" in html
    assert "9 Draft Street" in html and "1 Harbor Road" not in html  # the form's places
    assert therapist.licences.get().number in html
    # The public page still shows what is live.
    public = client.get("/find-a-therapist/maria-lopez/").content.decode()
    assert "Maria Lopez-Draft" not in public
    assert "1 Harbor Road" in public and "9 Draft Street" not in public


def test_preview_of_a_new_clinic(admin_client, home_page):
    form = clinic_form("Harbor Bodywork", "harbor", "Sports and remedial massage.")
    html = preview(admin_client, f"{CLINICS}/preview/", form)
    assert "Harbor Bodywork" in html and "Sports and remedial massage." in html
    assert 'name="robots" content="noindex"' in html
    assert not Clinic.objects.exists()


def test_preview_of_a_draft_of_a_live_clinic(admin_client, client, places):
    live_place, _ = places
    clinic = ClinicFactory(name="Harbor Bodywork", slug="harbor")
    live_place.clinic = clinic
    live_place.save()
    listed_therapist([live_place], name="Maria Lopez")
    form = clinic_form("Harbor Bodywork & Spa", "harbor", "Now with a sauna.")
    html = preview(admin_client, f"{CLINICS}/preview/{clinic.pk}/", form)
    assert "Harbor Bodywork &amp; Spa" in html and "Now with a sauna." in html
    # Locations are snippets of their own: the draft shows the published ones and who works there.
    assert "1 Harbor Road" in html and "Maria Lopez" in html
    business = structured_data(html)[0]
    assert business["name"] == "Harbor Bodywork & Spa"
    assert "Now with a sauna." not in client.get("/clinics/harbor/").content.decode()
