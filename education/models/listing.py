"""What the routine and guide index pages list, kept ready for their filters.

From Wagtail's own tables, "the live, public children of this index that match these filters, in
title order, with their total and facet counts" means visiting every child: its privacy (a view
restriction on it or on any ancestor), its body areas and conditions (link tables), then sorting
them all; so an index page cost more the more pages there were. A ListingEntry row per listed
page per (body area or any) x (condition or any) makes each filter combination one range of one
index, already in title order, holding the difficulty and time as well: a page of results, its
total and the facet counts read only that index.

The rows follow what the public sees (`education.signals`, on `public_pages_changed`):
publishing, unpublishing, moving or deleting a page and adding or removing a view restriction.
They list every live page without a view restriction and carry its go-live and expiry times: the
schedule is applied when the listing is read (`in_window_q(now, ...)` on the rows), so a page
leaves its index, and every count, the moment it expires, without waiting for
`publish_scheduled`. Content changed any other way (raw SQL, a fixture, `add_child` of a live
page without publishing) needs `manage.py rebuild_listings`.
"""

from django.db import models, transaction
from wagtail.models import Page

from education.models.guides import GuideIndexPage, GuidePage
from education.models.routines import RoutineIndexPage, SelfCareRoutinePage
from education.models.taxonomy import BodyArea, Condition
from home.visibility import unrestricted_q

# Listed page type -> the index page type that lists its children.
LISTINGS = {SelfCareRoutinePage: RoutineIndexPage, GuidePage: GuideIndexPage}
# The page fields that filters read, when the page type has them.
FILTER_FIELDS = ("difficulty", "total_minutes")
# Copied from the page so the schedule is checked when the listing is read.
WINDOW_FIELDS = ("go_live_at", "expire_at")


class ListingEntry(models.Model):
    # No single-column indexes but the page's: the composite index starts with the index page,
    # and deleting a body area or condition (which removes its rows) is rare.
    index = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+", db_index=False)
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(
        BodyArea, null=True, on_delete=models.CASCADE, related_name="listing", db_index=False
    )
    condition = models.ForeignKey(
        Condition, null=True, on_delete=models.CASCADE, related_name="listing", db_index=False
    )
    title = models.CharField(max_length=255)
    difficulty = models.CharField(max_length=12, blank=True)
    total_minutes = models.PositiveSmallIntegerField(null=True)
    go_live_at = models.DateTimeField(null=True)
    expire_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            # Every column a listing query reads, so it never visits the table itself.
            models.Index(
                fields=[
                    "index",
                    "area",
                    "condition",
                    "title",
                    "page",
                    "difficulty",
                    "total_minutes",
                    "go_live_at",
                    "expire_at",
                ],
                name="education_listing_window",
            )
        ]

    def __str__(self):
        return f"{self.title} (index {self.index_id})"


def _links(model, field, pages):
    """{page id: [ids]} of the page type's `field` relation, for the pages in `pages`."""
    relation = model._meta.get_field(field)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    links = {}
    for page_id, item_id in through.objects.filter(
        **{f"{source}__in": pages.values("pk")}
    ).values_list(f"{source}_id", f"{target}_id"):
        links.setdefault(page_id, []).append(item_id)
    return links


def _entries(model, index_id, pages):
    """Unsaved rows for the live, unrestricted pages of `pages` (a queryset of `model`), each
    with the page's schedule, which readers apply (the rows must not depend on the clock)."""
    pages = pages.live().filter(unrestricted_q())
    fields = [name for name in FILTER_FIELDS if hasattr(model, name)] + list(WINDOW_FIELDS)
    areas, conditions = _links(model, "body_areas", pages), _links(model, "conditions", pages)
    entries = []
    for page_id, title, *values in pages.values_list("pk", "title", *fields):
        extra = dict(zip(fields, values, strict=True))
        for area in [None, *areas.get(page_id, [])]:
            for condition in [None, *conditions.get(page_id, [])]:
                entries.append(
                    ListingEntry(
                        index_id=index_id,
                        page_id=page_id,
                        area_id=area,
                        condition_id=condition,
                        title=title,
                        **extra,
                    )
                )
    return entries


def _listed_model(index):
    return next(page for page, kind in LISTINGS.items() if issubclass(index.specific_class, kind))


def _indexes(pages):
    # Only the columns used here: the data migration runs this code with whatever columns
    # later migrations may add to the page tables still missing.
    return pages.type(*LISTINGS.values()).only("id", "path", "depth", "content_type")


def _lock(index_id):
    # One writer at a time per index (PostgreSQL; SQLite has one writer anyway): two refreshes
    # of the same page must not both delete the old rows and then both insert new ones.
    Page.objects.select_for_update().filter(pk=index_id).values_list("pk").first()


def rebuild_index(index):
    """List again every child of an index page (a RoutineIndexPage or GuideIndexPage).
    Returns how many pages it lists."""
    model = _listed_model(index)
    with transaction.atomic():
        _lock(index.pk)
        ListingEntry.objects.filter(index=index.pk).delete()
        entries = _entries(model, index.pk, model.objects.child_of(index))
        ListingEntry.objects.bulk_create(entries, batch_size=2000)
    return len({entry.page_id for entry in entries})


def unlist_page(page):
    """Take a page out of every listing (it was unpublished: nothing to read again, and a
    page being deleted is still live in the database while Wagtail unpublishes it)."""
    ListingEntry.objects.filter(page=page.pk).delete()


def refresh_page(page):
    """List one page again as the database has it (after a publish or a move)."""
    model = page.specific_class
    if model not in LISTINGS:
        return
    path = Page.objects.filter(pk=page.pk).values_list("path", flat=True).first()
    parent = path[: -Page.steplen] if path else None
    index_id = Page.objects.type(LISTINGS[model]).filter(path=parent).values_list("pk").first()
    with transaction.atomic():
        if index_id is not None:
            _lock(index_id[0])
        ListingEntry.objects.filter(page=page.pk).delete()
        if index_id is not None:
            pages = model.objects.filter(pk=page.pk)
            ListingEntry.objects.bulk_create(_entries(model, index_id[0], pages))


def refresh_subtree(page):
    """List again every page at or under `page` (its privacy or place in the tree changed)."""
    if page.specific_class in LISTINGS:
        refresh_page(page)
    for index in _indexes(Page.objects.descendant_of(page, inclusive=True)):
        rebuild_index(index)


def rebuild_all():
    """List again every index page's children. Returns how many pages are listed."""
    return sum(rebuild_index(index) for index in _indexes(Page.objects.all()))
