"""Keep the search table in step with what the public can see."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from education import search
from education.models import BodyArea, Condition


@receiver(page_published)
def index_published_page(sender, instance, **kwargs):
    search.index_page(instance)


@receiver(page_unpublished)
def drop_unpublished_page(sender, instance, **kwargs):
    search.remove_page(instance.pk)


@receiver(post_page_move)
def reindex_moved_page(sender, instance, **kwargs):
    # Moving under a restricted section (or out of one) changes who may see the whole subtree.
    search.index_subtree(instance)


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def reindex_restricted_section(sender, instance, **kwargs):
    search.index_subtree(instance.page)


@receiver(post_save, sender=BodyArea)
@receiver(post_save, sender=Condition)
def reindex_tagged_pages(sender, instance, created, **kwargs):
    # Entries store taxonomy slugs for filtering; a renamed slug must reach them.
    if created:
        return
    for related in ("routines", "guides", "modalities"):
        manager = getattr(instance, related, None)
        if manager is not None:
            for page in manager.live():
                search.index_page(page)
