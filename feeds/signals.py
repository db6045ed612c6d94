"""Keep the change log in step with what partners see (connected in FeedsConfig.ready()).

Three kinds of event reach it, and each only enqueues a refresh, on commit (feeds/tasks.py):
- a page may have become public or stopped being public: home.visibility.public_pages_changed
  (publish, unpublish, move, view restrictions, deletion, scheduled go-live and expiry, which
  Wagtail's publish_scheduled sends as publish and unpublish);
- a directory listing may have changed: directory.events.listings_changed (saves, licences,
  board checks, places, services, imports, modality visibility, deletion);
- something items embed was edited: a condition, body area, piece of equipment, reviewer, or a
  video with its captions and renditions. The items embedding it are found and refreshed in a
  background task, never in the editor's request.
The refresh itself compares digests, so an event that changes nothing a partner sees writes no
change.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import ReferenceIndex, Site
from wagtail.signals import page_slug_changed

from directory.events import listings_changed
from education.feed import MODELS
from education.models import BodyArea, Condition, Equipment, Reviewer
from feeds import tasks
from home.visibility import public_pages_changed
from videos.events import video_changed
from videos.models import CaptionTrack, ExerciseVideo

PAGE_KINDS = {model: kind for kind, model in MODELS.items()}  # the education source's kinds
EMBEDDED = (Condition, BodyArea, Equipment, Reviewer, ExerciseVideo)
VIDEO_PARTS = (CaptionTrack,)


def page_keys(page, subtree):
    """[(kind, id)] of the education pages concerned: the page, or with `subtree` every
    education page at or below it."""
    if not subtree:
        kind = PAGE_KINDS.get(page.specific_class)
        return [(kind, page.pk)] if kind else []
    keys = []
    for model, kind in PAGE_KINDS.items():
        ids = model.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
        keys += [(kind, pk) for pk in ids]
    return keys


def page_visibility_changed(sender, page, subtree=False, reason=None, **kwargs):
    # The event's name is the hint (FeedSource.build): "move" names a tombstone moved_out.
    keys = page_keys(page, subtree)
    if keys:
        transaction.on_commit(lambda: tasks.refresh_entries.enqueue(keys, reason))
    # Pages whose rich text links to it: a link to a page the public cannot see is text, not
    # a link, in their items (home/rich_text.py), and the other way round.
    if linking := pages_linking_to(page):
        transaction.on_commit(lambda: tasks.refresh_entries.enqueue(linking))


def pages_linking_to(page):
    """[(kind, id)] of the education pages that link to `page`, from Wagtail's reference
    index (one query)."""
    references = ReferenceIndex.get_references_to(page).values_list("content_type_id", "object_id")
    keys = set()
    for content_type_id, object_id in references:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if (kind := PAGE_KINDS.get(model)) and str(object_id).isdigit():
            keys.add((kind, int(object_id)))
    return sorted(keys)


def slug_changed(sender, instance, **kwargs):
    # Every URL below it moved: the items' url, links and _fascia.url follow.
    page_visibility_changed(sender, instance, subtree=True, reason="publish")


def site_changed(sender, **kwargs):
    # Every absolute URL comes from the Site's root URL (home/site_urls.py).
    transaction.on_commit(lambda: tasks.refresh_everything.enqueue())


def listing_changed(sender, ids=(), reason=None, **kwargs):
    keys = [("therapist", pk) for pk in ids]
    if keys:
        hint = "deleted" if reason == "delete" else reason
        transaction.on_commit(lambda: tasks.refresh_entries.enqueue(keys, hint))


def embedded_changed(sender, instance, **kwargs):
    label, pk = sender._meta.label, instance.pk
    transaction.on_commit(lambda: tasks.refresh_embedding.enqueue(label, pk))


def embedded_deleting(sender, instance, **kwargs):
    # The links go with it: note who embedded it while they are there.
    keys = tasks.keys_embedding(sender, instance.pk)
    if keys:
        transaction.on_commit(lambda: tasks.refresh_entries.enqueue(keys))


def video_processed(sender, video_id, **kwargs):
    label = ExerciseVideo._meta.label
    transaction.on_commit(lambda: tasks.refresh_embedding.enqueue(label, video_id))


def video_part_changed(sender, instance, **kwargs):
    video_id = instance.video_id
    transaction.on_commit(
        lambda: tasks.refresh_embedding.enqueue(ExerciseVideo._meta.label, video_id)
    )


def connect():
    public_pages_changed.connect(page_visibility_changed, dispatch_uid="feeds-pages")
    page_slug_changed.connect(slug_changed, dispatch_uid="feeds-slug")
    post_save.connect(site_changed, sender=Site, dispatch_uid="feeds-site")
    listings_changed.connect(listing_changed, dispatch_uid="feeds-listings")
    video_changed.connect(video_processed, dispatch_uid="feeds-video-processed")
    for model in EMBEDDED:
        uid = f"feeds-{model._meta.label}"
        post_save.connect(embedded_changed, sender=model, dispatch_uid=uid)
        pre_delete.connect(embedded_deleting, sender=model, dispatch_uid=uid)
    for model in VIDEO_PARTS:
        for signal in (post_save, post_delete):
            signal.connect(
                video_part_changed, sender=model, dispatch_uid=f"feeds-{model._meta.label}"
            )
