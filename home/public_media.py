"""Which images and documents the public may see: only what something public shows.

Wagtail's API v2 (`/api/wagtail/v2/images/`, `/api/wagtail/v2/documents/`) would otherwise list
the whole library, including files that only a draft, a private page, an expired page or an
unlicensed therapist uses, under sequential ids anyone can walk. config/wagtail_api.py narrows
its viewsets with `public_images()` and `public_documents()`; a file nothing public shows
answers the same 404 as a missing id.

Shown means: referenced by a public page (home.visibility's rule: live, in its go-live/expiry
window, no view restriction) through a foreign key, a chooser block or rich text, as Wagtail's
reference index (`wagtail.models.ReferenceIndex`) records the page's published content; a
public therapist's photo; a public clinic's logo; the site logo in Site settings; the poster of
a public video (`ExerciseVideo.objects.public()`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from directory.models import Clinic, Therapist
from home.models import SiteSettings
from home.visibility import public_page_q


def referenced_by_public_pages(model, now=None):
    """A condition on a queryset of `model`: a public page refers to the row.

    The reference index keeps object ids as text (it indexes every kind of model), so the
    page and row ids are compared as text. It records what a page's own row holds, which for
    a live page is its published content, not a newer draft.
    """
    pages = Page.objects.filter(public_page_q(now)).annotate(key=Cast("pk", CharField()))
    references = ReferenceIndex.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        to_content_type=ContentType.objects.get_for_model(model),
        to_object_id=Cast(OuterRef("pk"), CharField()),
        object_id__in=pages.values("key"),
    )
    return Exists(references)


def public_images(queryset, now=None):
    """`queryset` (of Wagtail images) narrowed to the images something public shows."""
    # videos.models imports this module for its own rule (referenced_by_public_pages).
    from videos.models import ExerciseVideo

    shown = (
        referenced_by_public_pages(queryset.model, now)
        | Exists(Therapist.objects.public().filter(photo=OuterRef("pk")))
        | Exists(Clinic.objects.public().filter(logo=OuterRef("pk")))
        | Exists(SiteSettings.objects.filter(logo=OuterRef("pk")))
        | Exists(ExerciseVideo.objects.public(now).filter(poster=OuterRef("pk")))
    )
    return narrowed(queryset, shown)


def public_documents(queryset, now=None):
    """`queryset` (of Wagtail documents) narrowed to the documents a public page links to."""
    return narrowed(queryset, referenced_by_public_pages(queryset.model, now))


def narrowed(queryset, condition):
    # As `id IN (subquery)`: Wagtail's search backends (the API's ?search=) filter a queryset
    # on indexed fields only, and id is one; an EXISTS on the queryset itself would be refused.
    shown = queryset.model.objects.filter(condition).values("pk")
    return queryset.filter(pk__in=shown)
