"""The entries follow every change that alters what a page's entry says or where it links:
taxonomy snippets renamed or deleted, slugs changed, pages moved."""

import pytest

from search import ranking
from search.models import SearchEntry
from tests.education import factories

pytestmark = pytest.mark.django_db


def found(query):
    return [hit.title for hit in ranking.search(query).hits]


def _routine(sections, relation, taxon):
    return factories.routine(sections["routines"], "Desk routine", **{relation: [taxon]})


def _guide(sections, relation, taxon):
    return factories.guide(sections["guides"], "Desk guide", **{relation: [taxon]})


def _modality(sections, relation, taxon):
    return factories.modality(sections["modalities"], "Desk massage", indications=[taxon])


# (snippet factory, how a page links it, a page that does, the entry column of its slug)
TAGGED = {
    "routine-area": (factories.BodyAreaFactory, "body_areas", _routine, "body_areas"),
    "guide-area": (factories.BodyAreaFactory, "body_areas", _guide, "body_areas"),
    "routine-condition": (factories.ConditionFactory, "conditions", _routine, "conditions"),
    "guide-condition": (factories.ConditionFactory, "conditions", _guide, "conditions"),
    "modality-indication": (factories.ConditionFactory, "indications", _modality, "conditions"),
    "routine-equipment": (factories.EquipmentFactory, "equipment", _routine, None),
}


@pytest.fixture(params=TAGGED.values(), ids=TAGGED.keys())
def tagged(request, sections):
    """A live page linked to a snippet whose name is a word found nowhere else."""
    make_taxon, relation, make_page, column = request.param
    taxon = make_taxon(name="Zebrawood", slug="zebrawood")
    page = make_page(sections, relation, taxon)
    assert found("zebrawood") == [page.title]
    return taxon, page, column


def test_renaming_a_taxonomy_snippet_reaches_the_pages_that_use_it(tagged):
    taxon, page, column = tagged
    taxon.name, taxon.slug = "Quokkawood", "quokkawood"
    taxon.save()
    assert found("zebrawood") == []
    assert found("quokkawood") == [page.title]
    if column:
        assert getattr(SearchEntry.objects.get(page=page), column) == ",quokkawood,"


def test_deleting_a_taxonomy_snippet_reaches_the_pages_that_used_it(tagged):
    taxon, page, column = tagged
    taxon.delete()
    assert found("zebrawood") == []
    entry = SearchEntry.objects.get(page=page)  # the page itself is still found
    assert entry.title == page.title
    if column:
        assert getattr(entry, column) == ""


def test_a_new_slug_moves_every_link_below_it(sections, django_capture_on_commit_callbacks):
    routine = factories.routine(sections["routines"], "Neck release")
    index = sections["routines"]
    index.slug = "exercises"
    with django_capture_on_commit_callbacks(execute=True):
        index.save_revision().publish()
    assert SearchEntry.objects.get(page=routine).url_path.endswith("/exercises/neck-release/")
    assert SearchEntry.objects.get(page=index).url_path.endswith("/exercises/")


def test_a_moved_page_links_to_its_new_place(sections):
    guide = factories.guide(sections["guides"], "Neck at work")
    guide.move(sections["routines"], pos="last-child")
    entry = SearchEntry.objects.get(page=guide)
    assert entry.url_path.endswith("/self-care/neck-at-work/")
