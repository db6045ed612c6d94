"""The therapist editor picks locations with a chooser: it scales, and drafts carry the links."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import Therapist

from .factories import listed_therapist, location_at

pytestmark = pytest.mark.django_db


def edit_url(therapist):
    return f"/admin/snippets/directory/therapist/edit/{therapist.pk}/"


def post_data(therapist, locations, action="action-publish"):
    """The form as the editor sends it: stored links kept or marked deleted, new ones added."""
    licence = therapist.licences.get()
    wanted = {location.pk for location in locations}
    stored = list(therapist.location_links.all())
    links = [
        {
            "id": link.pk,
            "location": link.location_id,
            "DELETE": "" if link.location_id in wanted else "1",
        }
        for link in stored
    ]
    links += [
        {"location": location.pk}
        for location in locations
        if location.pk not in {link.location_id for link in stored}
    ]
    data = nested_form_data(
        {
            "name": therapist.name,
            "slug": therapist.slug,
            "bio": therapist.bio,
            "languages": "en",
            "accepting_new_clients": "on",
            "licences": inline_formset(
                [
                    {
                        "id": licence.pk,
                        "jurisdiction": licence.jurisdiction,
                        "number": licence.number,
                        "credential_type": licence.credential_type,
                        "status": licence.status,
                        "expires_on": licence.expires_on.isoformat(),
                        "verified_at": licence.verified_at.strftime("%Y-%m-%d %H:%M"),
                    }
                ],
                initial=1,
                min=1,
            ),
            "location_links": inline_formset(links, initial=len(stored)),
        }
    )
    data[action] = action
    return data


@pytest.fixture
def therapist():
    return listed_therapist(name="Maria Lopez", slug="maria-lopez")


def test_the_editor_lists_chosen_locations_only(admin_client, therapist):
    chosen = location_at(25.77, -80.19, name="Chosen Studio", street_address="1 Chosen Road")
    for number in range(40):
        location_at(25.7, -80.2, name=f"Other {number}", street_address=f"{number} Unchosen Way")
    therapist.locations.set([chosen])
    html = admin_client.get(edit_url(therapist)).content.decode()
    assert "1 Chosen Road" in html
    assert "Unchosen Way" not in html  # no select list of every location in the directory
    assert "/admin/snippets/choose/directory/location/" in html


def test_publishing_with_chosen_locations_links_them(admin_client, therapist):
    first = location_at(25.77, -80.19, name="First")
    second = location_at(25.78, -80.20, name="Second")
    response = admin_client.post(edit_url(therapist), post_data(therapist, [first, second]))
    assert response.status_code == 302
    assert set(Therapist.objects.get().locations.all()) == {first, second}


def test_a_draft_keeps_its_locations_until_it_is_published(admin_client, therapist):
    live = location_at(25.77, -80.19, name="Live place")
    therapist.locations.set([live])
    moved = location_at(25.78, -80.20, name="New place")
    response = admin_client.post(
        edit_url(therapist), post_data(therapist, [moved], action="action-save-draft")
    )
    assert response.status_code == 302
    assert list(Therapist.objects.get().locations.all()) == [live]
    Therapist.objects.get().get_latest_revision().publish()
    assert list(Therapist.objects.get().locations.all()) == [moved]


def test_choosing_the_same_location_twice_is_a_form_error(admin_client, therapist):
    place = location_at(25.77, -80.19, name="Twice")
    response = admin_client.post(edit_url(therapist), post_data(therapist, [place, place]))
    assert response.status_code == 200
    formset = response.context["form"].formsets["location_links"]
    assert formset.non_form_errors() or any(formset.errors)
    assert not Therapist.objects.get().locations.exists()


def test_the_location_chooser_finds_a_place_by_its_address(admin_client, db):
    location_at(25.77, -80.19, name="Harbor Studio", street_address="1 Harbor Road")
    for number in range(30):
        location_at(25.7, -80.2, name=f"Other {number}", street_address=f"{number} Palm Way")
    response = admin_client.get(
        "/admin/snippets/choose/directory/location/results/", {"q": "harbor"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 Harbor Road" in html
    assert "Palm Way" not in html
