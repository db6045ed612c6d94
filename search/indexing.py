"""Keeping the search entries in step with what the public can see (search/signals.py calls
these; `manage.py rebuild_site_search` re-creates them all).

A page's entry is its `search_document()` when its class has one (the education pages), or
else its title, search description and the text of its Wagtail search fields. Every live page
without a view restriction has one, with the page's go-live and expiry times: searches apply
that window when they read (search/ranking.py), so the entries never depend on the clock.
"""

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from wagtail.models import Page

from home.text import search_fields_text
from home.visibility import is_unrestricted
from search import schema
from search.models import SearchEntry

# Their own columns in the entry, so not repeated in its body.
OWN_COLUMNS = ("title", "summary", "search_description")


def generic_document(page):
    """The entry of a page that does not say what it is: any page type can be found."""
    return {
        "kind": "page",
        "title": page.title,
        "summary": page.search_description or "",
        "body": search_fields_text(page, skip=OWN_COLUMNS),
    }


def _slugs(slugs):
    return f",{','.join(slugs)}," if slugs else ""


def entry_values(page):
    """The SearchEntry columns for a specific page."""
    search_document = getattr(page, "search_document", None)
    document = search_document() if search_document else generic_document(page)
    return {
        **document,
        "url_path": page.url_path,
        "body_areas": _slugs(document.get("body_areas", [])),
        "conditions": _slugs(document.get("conditions", [])),
        "difficulty": document.get("difficulty") or "",
        "go_live_at": page.go_live_at,
        "expire_at": page.expire_at,
    }


def is_searchable(page):
    """Live, not the tree root, no view restriction above it: the public-page rule but its
    schedule, which searches apply when they read."""
    if not page.live or page.depth <= 1:
        return False
    return is_unrestricted(page)


def index_page(page):
    """Add, refresh or drop the page's entry to match what the public can see now."""
    page = page.specific
    if not is_searchable(page):
        remove_page(page.pk)
        return False
    SearchEntry.objects.update_or_create(page_id=page.pk, defaults=entry_values(page))
    return True


def index_pages(page_ids):
    """Refresh the entries of these pages, read afresh from the database."""
    for page in Page.objects.filter(pk__in=list(page_ids)).specific().iterator():
        index_page(page)


def remove_page(page_id):
    SearchEntry.objects.filter(page_id=page_id).delete()


def index_subtree(page):
    """A view restriction or move changes what is public under page: recheck all of it."""
    for descendant in page.get_descendants(inclusive=True).specific().iterator():
        index_page(descendant)


def refresh_url_paths(page):
    """A new slug changes the url_path of the page and everything under it (in one UPDATE:
    nothing else about them changed)."""
    subtree = Page.objects.filter(path__startswith=page.path).values("pk")
    current = Page.objects.filter(pk=OuterRef("page_id")).values("url_path")[:1]
    SearchEntry.objects.filter(page_id__in=subtree).update(url_path=Subquery(current))


@transaction.atomic
def rebuild():
    """Re-create every entry from the live pages. Returns how many pages are searchable."""
    SearchEntry.objects.all().delete()
    count = 0
    for page in Page.objects.live().filter(depth__gt=1).specific().iterator():
        count += index_page(page)
    if connection.vendor == "postgresql":
        # Fresh statistics tell the planner how common each word is: a word on most pages is
        # ranked fastest by reading the table straight through rather than through the index.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {schema.ENTRY_TABLE}, {schema.VECTOR_TABLE}")
    return count
