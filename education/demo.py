"""Demo content for the education app: taxonomy, reviewers, the three sections and their pages.

Idempotent: things are found by slug and left as editors made them; only missing ones are
created. Runs after home (the site's HomePage) and videos (demo videos attached by title).
"""

import datetime
import json

from django.apps import apps
from django.db import transaction

from education.demo_content.guides import GUIDES
from education.demo_content.modalities import COMMON_CONTRA, MODALITIES
from education.demo_content.routines import ROUTINES
from education.demo_content.taxonomy import BODY_AREAS, CONDITIONS, EQUIPMENT, REVIEWERS
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

SECTIONS = [
    (
        ModalityIndexPage,
        "modalities",
        "Types of massage",
        "<p>What each kind of massage is, who it helps and what a session is like.</p>",
    ),
    (
        RoutineIndexPage,
        "self-care",
        "Self-care routines",
        "<p>Short routines you can do at home between sessions. Pick a body area or a "
        "problem to find one.</p>",
    ),
    (
        GuideIndexPage,
        "guides",
        "Guides",
        "<p>Plain answers about getting ready for a session, paying for it and keeping the "
        "relief.</p>",
    ),
]


@transaction.atomic
def seed(log):
    home = _home_page()
    if home is None:
        log("education: no home page yet, nothing seeded")
        return
    taxonomy = _taxonomy()
    reviewers = [_reviewer(data) for data in REVIEWERS]
    indexes = {spec[1]: _section(home, *spec, log) for spec in SECTIONS}
    reviewed = datetime.date.today() - datetime.timedelta(days=30)
    for position, data in enumerate(MODALITIES):
        _modality(indexes["modalities"], data, taxonomy, reviewers[position % 2], reviewed, log)
    for position, data in enumerate(ROUTINES):
        _routine(indexes["self-care"], data, taxonomy, reviewers[position % 2], reviewed, log)
    for position, data in enumerate(GUIDES):
        _guide(indexes["guides"], data, taxonomy, reviewers[position % 2], reviewed, log)


def _home_page():
    from home.models import HomePage

    return HomePage.objects.order_by("path").first()


def _taxonomy():
    areas = {
        slug: BodyArea.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for name, slug in BODY_AREAS
    }
    equipment = {
        slug: Equipment.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]
        for name, slug, kind in EQUIPMENT
    }
    conditions = {}
    for data in CONDITIONS:
        values = {key: value for key, value in data.items() if key != "slug"}
        conditions[data["slug"]] = Condition.objects.get_or_create(
            slug=data["slug"], defaults=values
        )[0]
    return {"areas": areas, "equipment": equipment, "conditions": conditions}


def _reviewer(data):
    return Reviewer.objects.get_or_create(
        name=data["name"], credentials=data["credentials"], defaults={"bio": data["bio"]}
    )[0]


def _section(home, model, slug, title, intro, log):
    existing = home.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(title=title, slug=slug, intro=intro, show_in_menus=True)
    home.add_child(instance=page)
    page.save_revision().publish()
    log(f"created {page.url_path}")
    return page


def _existing(parent, slug):
    child = parent.get_children().filter(slug=slug).first()
    return child.specific if child else None


def _publish(parent, page, log):
    parent.add_child(instance=page)
    page.save_revision().publish()
    log(f"created {page.url_path}")
    return page


def _review(page, reviewer, reviewed):
    page.reviewer = reviewer
    page.last_reviewed = reviewed
    page.review_interval_months = 12


def _modality(index, data, taxonomy, reviewer, reviewed, log):
    if _existing(index, data["slug"]):
        return
    low, high = data["session"]
    page = ModalityPage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        what_it_is=data["what_it_is"],
        indications_summary=data["indications_summary"],
        session_min_minutes=low,
        session_max_minutes=high,
        primary_benefit=data["primary_benefit"],
        best_use=data["best_use"],
        pressure_level=data["pressure_level"],
        contraindications=COMMON_CONTRA,
        what_to_expect=data["what_to_expect"],
        evidence_summary=data["evidence_summary"],
    )
    page.indications = [taxonomy["conditions"][slug] for slug in data["conditions"]]
    _review(page, reviewer, reviewed)
    _publish(index, page, log)


def _routine(index, data, taxonomy, reviewer, reviewed, log):
    page = _existing(index, data["slug"])
    if page is not None:
        _attach_video(page, log)
        return
    page = SelfCareRoutinePage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        difficulty=data["difficulty"],
        total_minutes=data["total_minutes"],
        steps=json.dumps([{"type": "step", "value": step} for step in data["steps"]]),
        red_flags=json.dumps([{"type": "red_flag", "value": flag} for flag in data["red_flags"]]),
        contraindications=data["contraindications"],
        video=_demo_video(data["title"]),
    )
    page.body_areas = [taxonomy["areas"][slug] for slug in data["areas"]]
    page.conditions = [taxonomy["conditions"][slug] for slug in data["conditions"]]
    page.equipment = [taxonomy["equipment"][slug] for slug in data["equipment"]]
    page.related_modalities = list(ModalityPage.objects.filter(slug__in=data["modalities"]))
    _review(page, reviewer, reviewed)
    _publish(index, page, log)


def _demo_video(title):
    """The videos app's demo video of the same title, if it can be published (captions)."""
    if not apps.is_installed("videos"):
        return None
    from videos.models import ExerciseVideo

    video = ExerciseVideo.objects.filter(title=title).first()
    return video if video is not None and video.has_text_alternative else None


def _attach_video(page, log):
    """A routine seeded before its video existed gets it on the next run."""
    if page.video_id or page.has_unpublished_changes:
        return
    video = _demo_video(page.title)
    if video is None:
        return
    page.video = video
    page.save_revision().publish()
    log(f"attached video to {page.url_path}")


def _guide(index, data, taxonomy, reviewer, reviewed, log):
    if _existing(index, data["slug"]):
        return
    page = GuidePage(
        title=data["title"],
        slug=data["slug"],
        summary=data["summary"],
        body=json.dumps(data["body"]),
    )
    page.conditions = [taxonomy["conditions"][slug] for slug in data["conditions"]]
    page.body_areas = [taxonomy["areas"][slug] for slug in data["areas"]]
    _review(page, reviewer, reviewed)
    _publish(index, page, log)
