"""Education test data: factory_boy for snippets, small builders for pages (published)."""

import datetime
import json

import factory
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from education.models import (
    BodyArea,
    Condition,
    Equipment,
    GuideIndexPage,
    GuidePage,
    ModalityIndexPage,
    ModalityPage,
    Reviewer,
    RoutineIndexPage,
    SelfCareRoutinePage,
)


class BodyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))


class EquipmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Equipment
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Tool {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    kind = "tool"


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.LazyAttribute(lambda o: o.name.lower().replace(" ", "-"))
    icd10cm_codes = "M54.2"


class ReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reviewer

    name = factory.Sequence(lambda n: f"Reviewer {n}")
    credentials = "LMT"


def step(
    title="Shoulder rolls", seconds=30, reps=None, sets=None, caution="", start=None, end=None
):
    return {
        "type": "step",
        "value": {
            "title": title,
            "instructions": f"<p>Do the {title.lower()} slowly and breathe out.</p>",
            "duration_seconds": seconds,
            "sets": sets,
            "reps": reps,
            "image": None,
            "caution": caution,
            "video_start": start,
            "video_end": end,
        },
    }


def reviewed(page):
    """A current clinical review, as an approval records it, unless the test gave its own:
    education pages go live only with one (education/rules.py). A test of a page without
    one changes it after publishing, as time passing would."""
    if page.reviewer_id is None:
        page.reviewer = ReviewerFactory()
    if page.last_reviewed is None:
        page.last_reviewed = datetime.date.today() - datetime.timedelta(days=30)
    return page


def draft(parent, page):
    """A page that was never published: one draft revision, held to no rule."""
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def publish(parent, page, live=True):
    if not live:
        return draft(parent, page)
    if hasattr(page, "reviewer_id"):
        reviewed(page)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def sections(home):
    return {
        "modalities": publish(home, ModalityIndexPage(title="Types of massage", slug="modalities")),
        "routines": publish(home, RoutineIndexPage(title="Self-care", slug="self-care")),
        "guides": publish(home, GuideIndexPage(title="Guides", slug="guides")),
    }


def routine(
    index, title="Neck release", steps=None, red_flags=("Your arm goes numb.",), live=True, **extra
):
    areas = extra.pop("body_areas", [])
    conditions = extra.pop("conditions", [])
    equipment = extra.pop("equipment", [])
    modalities = extra.pop("related_modalities", [])
    values = {
        "title": title,
        "slug": extra.pop("slug", title.lower().replace(" ", "-")),
        "summary": "A short routine for a stiff neck after a long day at the desk.",
        "difficulty": "easy",
        "total_minutes": 10,
        "steps": json.dumps(steps or [step(), step("Chin tucks", seconds=None, reps=10, sets=2)]),
        "red_flags": json.dumps([{"type": "red_flag", "value": flag} for flag in red_flags]),
    }
    values.update(extra)
    page = SelfCareRoutinePage(**values)
    page.body_areas = areas
    page.conditions = conditions
    page.equipment = equipment
    page.related_modalities = modalities
    return publish(index, page, live)


def modality(index, title="Swedish massage", low=30, high=60, indications=(), live=True, **extra):
    values = {
        "title": title,
        "slug": extra.pop("slug", title.lower().replace(" ", "-")),
        "summary": "Gentle, long strokes that help you relax.",
        "what_it_is": "<p>Long, smooth strokes with light pressure.</p>",
        "indications_summary": "Tension and general relaxation",
        "session_min_minutes": low,
        "session_max_minutes": high,
        "primary_benefit": "Blood flow and relaxation",
        "best_use": "A first massage",
        "contraindications": "<ul><li>You have a fever.</li><li>You have a blood clot.</li></ul>",
        "what_to_expect": "<p>You lie on a padded table under a sheet.</p>",
    }
    values.update(extra)
    page = ModalityPage(**values)
    page.indications = list(indications)
    return publish(index, page, live)


def faq_block(pairs):
    return {
        "type": "faq",
        "value": {
            "heading": "Questions",
            "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs],
        },
    }


def guide(index, title="Getting ready", body=None, live=True, **extra):
    conditions = extra.pop("conditions", [])
    areas = extra.pop("body_areas", [])
    values = {
        "title": title,
        "slug": extra.pop("slug", title.lower().replace(" ", "-")),
        "summary": "What to do before your first massage session.",
        "body": json.dumps(
            body
            or [
                {"type": "paragraph", "value": "<p>Drink some water and wear loose clothes.</p>"},
                faq_block([("Do I have to undress?", "Only as much as you like.")]),
            ]
        ),
    }
    values.update(extra)
    page = GuidePage(**values)
    page.conditions = conditions
    page.body_areas = areas
    return publish(index, page, live)


def taxonomy():
    return {
        "neck": BodyAreaFactory(name="Neck", slug="neck"),
        "calves": BodyAreaFactory(name="Calves", slug="calves"),
        "neck_pain": ConditionFactory(
            name="Neck pain", slug="neck-pain", icd10cm_codes="M54.2", snomed_codes="81680005"
        ),
        "soreness": ConditionFactory(
            name="Post-exertional soreness", slug="soreness", icd10cm_codes="M79.10"
        ),
        "roller": EquipmentFactory(name="Foam roller", slug="foam-roller"),
        "lotion": EquipmentFactory(name="Lotion", slug="lotion", kind="supply"),
    }


HIDDEN_STATES = ("draft", "restricted", "expired", "future")


def put_in_state(page, state):
    """Hide a published page the way each state happens on a real site. An expired or future
    page is changed past Wagtail, as the clock passing does before publish_scheduled runs: it
    stays live=True."""
    now = timezone.now()
    if state == "draft":
        page.unpublish()
    elif state == "restricted":
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    elif state == "expired":
        Page.objects.filter(pk=page.pk).update(expire_at=now - datetime.timedelta(hours=1))
    elif state == "future":
        Page.objects.filter(pk=page.pk).update(go_live_at=now + datetime.timedelta(days=1))
