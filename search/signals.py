"""Keep the search entries in step with what the public can see (connected in apps.py).

Pages: the one `public_pages_changed` signal (home/visibility.py; home/signals.py sends it for
Wagtail's publish, unpublish, move, view-restriction and delete events), so this app wires none
of those itself. Its own: slug changes (links) and the taxonomy snippets (search text).
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import page_slug_changed

from education.models import BodyArea, Condition, Equipment
from home.visibility import public_pages_changed
from search import indexing
from search.params import forget_taxonomy_options

# Snippets whose names are in the search text of the pages that use them (and whose slugs
# are in their filter values).
TAXONOMY = (BodyArea, Condition, Equipment)


def reindex_changed_pages(sender, page, subtree=False, reason="", **kwargs):
    if reason == "delete":
        return  # the entry went with its page (a foreign key with CASCADE)
    if reason == "unpublish":
        indexing.remove_page(page.pk)
    elif subtree:
        # A move or a view restriction changes who may see the whole section.
        indexing.index_subtree(page)
    else:
        indexing.index_page(page)


def refresh_url_paths(sender, instance, **kwargs):
    indexing.refresh_url_paths(instance)


def tagged_live_page_ids(taxon):
    """Ids of the live pages that use a taxonomy snippet, through any of its page relations
    (a routine's equipment, a guide's conditions, a modality's indications...)."""
    ids = set()
    for relation in taxon._meta.related_objects:
        if relation.many_to_many and issubclass(relation.related_model, Page):
            pages = relation.related_model.objects.live().filter(**{relation.field.name: taxon})
            ids.update(pages.values_list("pk", flat=True))
    return ids


def reindex_tagged_pages(sender, instance, created, **kwargs):
    # A new name or slug must reach the entries (search text, filter values) and the search
    # form's options; a new snippet is on no page yet.
    forget_taxonomy_options()
    if not created:
        indexing.index_pages(tagged_live_page_ids(instance))


def remember_tagged_pages(sender, instance, **kwargs):
    # The links to the pages go with the snippet: read them while they are still there.
    instance._search_tagged_page_ids = tagged_live_page_ids(instance)


def reindex_untagged_pages(sender, instance, **kwargs):
    forget_taxonomy_options()
    # The links went before the snippet did (same transaction): the pages read now lack it.
    indexing.index_pages(getattr(instance, "_search_tagged_page_ids", ()))


def connect():
    public_pages_changed.connect(reindex_changed_pages, dispatch_uid="search-pages")
    page_slug_changed.connect(refresh_url_paths, dispatch_uid="search-slug")
    for model in TAXONOMY:
        name = model._meta.model_name
        post_save.connect(reindex_tagged_pages, sender=model, dispatch_uid=f"search-{name}-save")
        pre_delete.connect(
            remember_tagged_pages, sender=model, dispatch_uid=f"search-{name}-pre-delete"
        )
        post_delete.connect(
            reindex_untagged_pages, sender=model, dispatch_uid=f"search-{name}-delete"
        )
