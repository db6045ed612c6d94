"""Editors preview routines, guides and modalities from the admin, new or as a draft of a live
page, the way Wagtail's preview panel does it: POST the edit form to the preview URL, then GET
the preview. Relations come from the form (modelcluster's in-memory querysets), not the
database, so the preview shows the editor's choices and never crashes on them."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from tests.education import factories
from tests.education.test_admin import modality_form, routine_form, step_value

pytestmark = pytest.mark.django_db


def preview(admin_client, url, data):
    """What the preview panel does: store the form, then render it. Returns the HTML."""
    posted = admin_client.post(url, data)
    assert posted.status_code == 200, posted.status_code
    assert posted.json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def add_preview_url(model, parent):
    return f"/admin/pages/add/education/{model}/{parent.pk}/preview/"


def edit_preview_url(page):
    return f"/admin/pages/{page.pk}/edit/preview/"


def ids(*objects):
    return [str(item.pk) for item in objects]


def draft_routine_form(taxonomy, modality, title="Neck release, draft"):
    # The preview panel posts the form without a button's name: a draft, held to no rule.
    form = routine_form(
        action="action-preview",
        title=title,
        steps=[step_value(title="Ear to shoulder"), step_value(title="Slow nods")],
    )
    # Checkbox lists go in as repeated keys, after nested_form_data (which would number them).
    form.update(
        body_areas=ids(taxonomy["neck"], taxonomy["calves"]),
        conditions=ids(taxonomy["neck_pain"]),
        equipment=ids(taxonomy["roller"]),
        related_modalities=ids(modality),
    )
    return form


def assert_routine_preview(html, title):
    assert title in html
    assert "Ear to shoulder" in html and "Slow nods" in html
    assert "Calves, Neck" in html  # body areas, by name
    assert "Foam roller" in html  # equipment
    assert "?condition=neck-pain" in html and "Neck pain" in html
    assert "Swedish massage" in html  # the related (live) modality


def test_preview_of_a_new_routine(admin_client, sections, taxonomy):
    modality = factories.modality(sections["modalities"])
    url = add_preview_url("selfcareroutinepage", sections["routines"])
    html = preview(admin_client, url, draft_routine_form(taxonomy, modality))
    assert_routine_preview(html, "Neck release, draft")


def test_preview_of_a_draft_of_a_live_routine(admin_client, sections, taxonomy):
    modality = factories.modality(sections["modalities"])
    live = factories.routine(sections["routines"], "Neck release", body_areas=[taxonomy["neck"]])
    html = preview(
        admin_client, edit_preview_url(live), draft_routine_form(taxonomy, modality, live.title)
    )
    assert_routine_preview(html, "Neck release")
    # The public page still shows what is live.
    public = admin_client.get(live.url).content.decode()
    assert "Slow nods" not in public and "Foam roller" not in public


def test_preview_leaves_out_related_modalities_that_are_not_live(admin_client, sections, taxonomy):
    modality = factories.modality(sections["modalities"])
    modality.unpublish()
    url = add_preview_url("selfcareroutinepage", sections["routines"])
    html = preview(admin_client, url, draft_routine_form(taxonomy, modality))
    assert "Slow nods" in html
    assert "Swedish massage" not in html


def guide_form(title, conditions=(), body_areas=()):
    form = nested_form_data(
        {
            "title": title,
            "slug": "getting-ready",
            "summary": "What to do before your first session.",
            "body": streamfield([("paragraph", rich_text("<p>Drink some water first.</p>"))]),
            "review_interval_months": "12",
            "comments": inline_formset([]),
        }
    )
    form.update(conditions=ids(*conditions), body_areas=ids(*body_areas))
    return form


@pytest.mark.parametrize("existing", [False, True], ids=["new", "draft-of-live"])
def test_preview_of_a_guide(admin_client, sections, taxonomy, existing):
    index = sections["guides"]
    if existing:
        url = edit_preview_url(factories.guide(index, "Getting ready"))
    else:
        url = add_preview_url("guidepage", index)
    form = guide_form("Getting ready, draft", [taxonomy["soreness"]], [taxonomy["neck"]])
    html = preview(admin_client, url, form)
    assert "Getting ready, draft" in html
    assert "Drink some water first." in html
    assert "Post-exertional soreness" in html  # the MedicalWebPage's "about"


def draft_modality_form(title, indications=()):
    form = modality_form(
        title=title,
        slug="swedish-massage",
        what_it_is=rich_text("<p>Long strokes with light pressure.</p>"),
    )
    form.update(indications=ids(*indications))
    return form


@pytest.mark.parametrize("existing", [False, True], ids=["new", "draft-of-live"])
def test_preview_of_a_modality(admin_client, sections, taxonomy, existing):
    index = sections["modalities"]
    if existing:
        live = factories.modality(index, "Swedish massage")
        factories.routine(sections["routines"], "Calf reset", related_modalities=[live])
        url = edit_preview_url(live)
    else:
        url = add_preview_url("modalitypage", index)
    form = draft_modality_form("Swedish massage, draft", [taxonomy["neck_pain"]])
    html = preview(admin_client, url, form)
    assert "Swedish massage, draft" in html
    assert "Long strokes with light pressure." in html
    assert "Neck pain" in html  # the indications
    # Routines that link to the live modality are still listed in its preview.
    assert ("Calf reset" in html) == existing
