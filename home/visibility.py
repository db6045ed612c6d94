"""The one rule for a public page, and the one signal that says what the public sees changed.

A page is public when it is live, its go-live time (if any) has come, its expiry time (if any)
has not, and neither it nor an ancestor has a view restriction. The schedule is checked when
read, not left to `publish_scheduled`: between an `expire_at` passing and the job unpublishing
the page, the page is already gone from every surface (pages, listings, counts, search,
sitemap, menu, JSON-LD, APIs, feeds). Directory therapists have their own rule
(`Therapist.objects.public()`); this is the one for pages. docs/visibility.md describes both.
"""

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.dispatch import Signal
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

# Sent (by home/signals.py) whenever a page may have become public or stopped being public:
# publish, unpublish, move, a view restriction saved or deleted, a page deleted. Arguments:
# `page` (the page concerned), `subtree` (True when its descendants are affected too: moves and
# restrictions), `reason` (one of the strings in REASONS). Derived data (search entries, index
# listings, the menu, directory search documents, feeds) listens to this one signal instead of
# wiring Wagtail's events itself.
public_pages_changed = Signal()
REASONS = ("publish", "unpublish", "move", "restriction", "delete", "schedule")


def unrestricted_q():
    """No view restriction on the page itself or an ancestor, as one SQL condition.

    Wagtail's .public() first reads every restriction in a query of its own; this asks the
    database instead, so listings stay at a fixed number of queries.
    """
    restricted = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("prefix"))
    return ~Exists(restricted)


def in_window_q(now=None, prefix=""):
    """Its go-live time has come (or it has none) and its expiry has not (or it has none)."""
    now = now or timezone.now()
    return (Q(**{f"{prefix}go_live_at__isnull": True}) | Q(**{f"{prefix}go_live_at__lte": now})) & (
        Q(**{f"{prefix}expire_at__isnull": True}) | Q(**{f"{prefix}expire_at__gt": now})
    )


def public_page_q(now=None):
    """The whole public-page rule as one condition on a Page (or Page subclass) queryset."""
    return Q(live=True) & in_window_q(now) & unrestricted_q()


def public_pages(queryset, now=None):
    """`queryset` narrowed to public pages; for querysets of Wagtail's own Page model."""
    return queryset.filter(public_page_q(now))


def in_window(page, now=None):
    """The schedule half of the rule for one page already in memory (no query)."""
    now = now or timezone.now()
    go_live_at, expire_at = getattr(page, "go_live_at", None), getattr(page, "expire_at", None)
    return (go_live_at is None or go_live_at <= now) and (expire_at is None or expire_at > now)


def is_unrestricted(page):
    """No view restriction on the page or an ancestor, for one page in memory (one query)."""
    ancestors = [
        page.path[:index] for index in range(page.steplen, len(page.path) + 1, page.steplen)
    ]
    return not PageViewRestriction.objects.filter(page__path__in=ancestors).exists()


def is_public(page, now=None):
    """The whole rule for one page in memory: at most one query (its restrictions)."""
    if not page.live or not in_window(page, now):
        return False
    return is_unrestricted(page)


class PublicPageQuerySet(PageQuerySet):
    """Our page models' queryset: `.public()` is the whole rule, not only Wagtail's half of it.

    Wagtail's own `.public()` means "no view restriction"; ours adds live and the schedule, so
    `SelfCareRoutinePage.objects.public()` reads like `Therapist.objects.public()`. Wagtail's
    internal `.live().public()` calls stay correct (live twice is harmless).
    """

    def public(self, now=None):
        return self.filter(public_page_q(now))
