"""Synthetic self-care routines for the education benchmarks (search, index pages).

Call these after `bench.common.setup_django()`: they import the models when they run. The same
seed gives the same routines, so figures compare across runs.
"""

import datetime
import functools
import json
import random

AREAS = ["neck", "shoulders", "upper back", "low back", "hips", "calves", "hamstrings", "jaw"]
CONDITIONS = ["neck pain", "low back pain", "tension headache", "plantar fasciitis", "soreness"]
ACTIONS = ["release", "stretch", "roll", "massage", "warm-up", "cool-down", "reset", "care"]
DIFFICULTIES = ["easy", "moderate", "challenging"]
MINUTES = [5, 10, 15, 20, 30]
WORDS = [
    "slow",
    "gentle",
    "press",
    "hold",
    "breathe",
    "relax",
    "lean",
    "roll",
    "knot",
    "tight",
    "muscle",
    "soft",
    "ball",
    "foam",
    "roller",
    "towel",
    "wall",
    "chair",
    "floor",
    "knee",
    "hip",
    "heel",
    "toe",
    "arm",
    "elbow",
    "wrist",
    "spine",
    "chest",
    "belly",
    "blade",
    "squeeze",
    "circle",
    "sweep",
    "stand",
    "sit",
    "lie",
    "rest",
    "count",
    "minute",
    "second",
    "side",
    "switch",
    "repeat",
    "ease",
    "loosen",
    "warm",
]


def sentence(rng, length):
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def step(rng, number):
    return {
        "type": "step",
        "value": {
            "title": f"{rng.choice(ACTIONS).capitalize()} {number}",
            "instructions": f"<p>{sentence(rng, 10)} {sentence(rng, 8)}</p>",
            "duration_seconds": rng.choice([30, 45, 60, 90]),
            "sets": None,
            "reps": None,
            "image": None,
            "caution": "",
            "video_start": None,
            "video_end": None,
        },
    }


def site():
    """A HomePage as the default site's root (hostname localhost, the test client's default)."""
    from wagtail.models import Page, Site

    from home.models import HomePage

    home = Page.get_first_root_node().add_child(instance=HomePage(title="Home", slug="bench-home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def taxonomy():
    """(body areas, conditions), created."""
    from education.models import BodyArea, Condition

    def slug(name):
        return name.replace(" ", "-")

    areas = [BodyArea.objects.create(name=name.title(), slug=slug(name)) for name in AREAS]
    conditions = [
        Condition.objects.create(name=name.capitalize(), slug=slug(name)) for name in CONDITIONS
    ]
    return areas, conditions


@functools.cache
def bench_reviewer():
    """The clinician of every benchmark routine: a page goes live only with a current review
    (education/rules.py). One per process; each benchmark run has its own database."""
    from education.models import Reviewer

    return Reviewer.objects.get_or_create(name="Bench Reviewer", credentials="LMT")[0]


def routine(rng, number, areas):
    """An unsaved, live routine about one of `areas` with three to five steps, reviewed today;
    generated words read above the target grade, so it carries a reviewer's override."""
    from education.models import SelfCareRoutinePage

    area = rng.choice(areas)
    page = SelfCareRoutinePage(
        title=f"{area.name} {rng.choice(ACTIONS)} {number}",
        slug=f"routine-{number}",
        summary=f"{sentence(rng, 12)} Good for the {area.name.lower()}.",
        difficulty=rng.choice(DIFFICULTIES),
        total_minutes=rng.choice(MINUTES),
        steps=json.dumps([step(rng, n) for n in range(1, rng.randint(3, 6))]),
        red_flags=json.dumps([{"type": "red_flag", "value": sentence(rng, 6)}]),
        live=True,
        reviewer=bench_reviewer(),
        last_reviewed=datetime.date.today(),
        reading_grade_override=True,
        reading_grade_override_reason="Generated benchmark text.",
    )
    page.body_areas = [area]
    return page


def routines(count, seed, areas, conditions=()):
    """`count` unsaved routines. With conditions, a routine also gets a second body area half the
    time and up to two conditions, drawn from a second generator so the routines themselves
    (and the search benchmark's figures) stay the same."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not security
    extra = random.Random(seed + 1)  # noqa: S311
    for number in range(count):
        page = routine(rng, number, areas)
        if conditions:
            first, second = page.body_areas.first(), extra.choice(areas)
            if extra.random() < 0.5 and second != first:
                page.body_areas = [first, second]
            page.conditions = extra.sample(list(conditions), extra.randint(0, 2))
        yield page


def add_routines(index, count, seed, areas, conditions=(), each=None):
    """Add routines under `index` through Wagtail (save, signals), calling each(page) after each
    one. About 35 queries a page: use bulk_add_routines() when the pages only need to exist."""
    from django.db import transaction

    with transaction.atomic():
        for page in routines(count, seed, areas, conditions):
            index.add_child(instance=page)
            if each:
                each(page)


def bulk_add_routines(index, count, seed, areas, conditions=()):
    """The same routines as add_routines(), inserted in bulk: tree paths worked out here, one
    INSERT a routine, no save() logic, signals or search indexing, then the index's listing
    rebuilt (what publishing keeps up to date). For an empty `index`."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    from education.models import SelfCareRoutinePage, listing

    pages = list(routines(count, seed, areas, conditions))
    content_type = ContentType.objects.get_for_model(SelfCareRoutinePage)
    now = timezone.now()
    depth = index.depth + 1
    with transaction.atomic():
        rows = Page.objects.bulk_create(
            Page(
                path=Page._get_path(index.path, depth, number),
                depth=depth,
                numchild=0,
                title=page.title,
                draft_title=page.title,
                slug=page.slug,
                url_path=f"{index.url_path}{page.slug}/",
                content_type=content_type,
                locale_id=index.locale_id,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
            for number, page in enumerate(pages, start=1)
        )
        for row, page in zip(rows, pages, strict=True):
            page.id = page.page_ptr_id = row.pk
            page.path, page.depth = row.path, row.depth
            page.save_base(raw=True, force_insert=True)  # the routine's own table only
        for field in ("body_areas", "conditions"):
            relation = SelfCareRoutinePage._meta.get_field(field)
            source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
            relation.remote_field.through.objects.bulk_create(
                relation.remote_field.through(**{f"{source}_id": page.pk, f"{target}_id": item.pk})
                for page in pages
                for item in getattr(page, field).all()
            )
        Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
        listing.rebuild_index(index)
