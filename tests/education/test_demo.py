"""seed_demo's education content: complete, plain, and the same after a second run."""

import pytest

from education import demo
from education.models import (
    Condition,
    GuidePage,
    ModalityIndexPage,
    ModalityPage,
    SelfCareRoutinePage,
)
from search.models import SearchEntry

pytestmark = pytest.mark.django_db

VIDEO_TITLES = {
    "Desk-worker neck and shoulder release",
    "Low-back foam-roller routine",
    "Tension-headache self-massage",
    "Post-run calf and hamstring care",
    "Hot-wrap relaxation routine",
}


def counts():
    return {
        "modalities": ModalityPage.objects.count(),
        "routines": SelfCareRoutinePage.objects.count(),
        "guides": GuidePage.objects.count(),
        "conditions": Condition.objects.count(),
        "search": SearchEntry.objects.count(),
    }


def test_demo_content_is_complete_plain_and_idempotent(home_page, client):
    demo.seed(lambda message: None)
    first = counts()
    demo.seed(lambda message: None)
    assert counts() == first
    assert first["modalities"] == 5 and first["routines"] >= 6 and first["guides"] >= 4
    assert set(SelfCareRoutinePage.objects.values_list("title", flat=True)) >= VIDEO_TITLES
    codes = dict(Condition.objects.values_list("slug", "icd10cm_codes"))
    assert codes["low-back-pain"].startswith("M54.5") and codes["neck-pain"] == "M54.2"
    assert codes["tension-type-headache"].startswith("G44.2")
    for model in (ModalityPage, SelfCareRoutinePage, GuidePage):
        for page in model.objects.all():
            assert page.live and page.reviewer_id
            assert page.reading_grade is not None and page.reading_grade <= 8, page.title
    index = ModalityIndexPage.objects.get()
    assert index.slug == "modalities" and index.show_in_menus
    assert client.get("/modalities/").status_code == 200
    assert client.get("/self-care/").status_code == 200
