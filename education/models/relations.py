"""A routine's body areas, conditions, equipment and related modalities in one UNION query.

A routine read from the database joins through its link tables. A routine built from a form or
a revision (every preview, a draft of a live page) holds its choices in memory as modelcluster
FakeQuerySets, which the database has never seen and which lack queryset methods such as
`.live()`: the query then selects the ids held in memory, so a preview shows the editor's
choices, and related modalities are still only the public ones (home/visibility.py: live, in
its go-live/expiry window, no view restriction).
"""

from django.db.models import CharField, F, Q, Value
from modelcluster.queryset import FakeQuerySet
from wagtail.models import Page

from education.models.modalities import ModalityPage
from education.models.taxonomy import BodyArea, Condition, Equipment

COLUMNS = ("rel", "pk", "label", "key", "x1", "x2", "x3", "x4")


def _text(value):
    return Value(value, output_field=CharField())


def _linked(page, field):
    """A condition selecting the objects that `page` links to through `field`."""
    current = getattr(page, field).all()
    if isinstance(current, FakeQuerySet) or page.pk is None:
        # In memory (or nothing yet, for an unsaved page): iterating costs no query.
        return Q(pk__in=[item.pk for item in current])
    return Q(**{page._meta.get_field(field).related_query_name(): page.pk})


def _taxonomy_rows(model, rel, linked, extra=()):
    extras = list(extra) + [_text("")] * (4 - len(extra))
    return (
        model.objects.filter(linked)
        .order_by()
        .annotate(
            rel=_text(rel),
            label=F("name"),
            key=F("slug"),
            **{f"x{n}": value for n, value in enumerate(extras, start=1)},
        )
        .values_list(*COLUMNS)
    )


def _modality_rows(linked):
    return (
        ModalityPage.objects.filter(linked)
        .public()
        .order_by()
        .annotate(
            rel=_text("modality"),
            label=F("title"),
            key=F("slug"),
            x1=F("url_path"),
            x2=F("path"),
            x3=_text(""),
            x4=_text(""),
        )
        .values_list(*COLUMNS)
    )


def load_relations(routine):
    """{"area": [...], "equipment": [...], "condition": [...], "modality": [...]}, by name."""
    queries = [
        _taxonomy_rows(BodyArea, "area", _linked(routine, "body_areas")),
        _taxonomy_rows(Equipment, "equipment", _linked(routine, "equipment"), [F("kind")]),
        _taxonomy_rows(
            Condition,
            "condition",
            _linked(routine, "conditions"),
            [F("synonyms"), F("icd10cm_codes"), F("snomed_codes"), F("description")],
        ),
        _modality_rows(_linked(routine, "related_modalities")),
    ]
    found = {"area": [], "equipment": [], "condition": [], "modality": []}
    for rel, pk, label, key, x1, x2, x3, x4 in queries[0].union(*queries[1:], all=True):
        found[rel].append(_build(rel, pk, label, key, x1, x2, x3, x4))
    for rel, items in found.items():
        items.sort(key=lambda item: (item.title if rel == "modality" else item.name).lower())
    return found


def _build(rel, pk, label, key, x1, x2, x3, x4):
    if rel == "area":
        return BodyArea(id=pk, name=label, slug=key)
    if rel == "equipment":
        return Equipment(id=pk, name=label, slug=key, kind=x1)
    if rel == "condition":
        return Condition(
            id=pk,
            name=label,
            slug=key,
            synonyms=x1,
            icd10cm_codes=x2,
            snomed_codes=x3,
            description=x4,
        )
    # Enough of a page to link to it: URLs come from url_path and the site's root paths.
    return Page(id=pk, title=label, slug=key, url_path=x1, path=x2, depth=len(x2) // 4)
