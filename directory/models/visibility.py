"""Who the public may see. Every page, search, sitemap entry and API answer goes through here."""

import math

from asgiref.local import Local
from django.core.cache import cache
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from directory.search_index import reindex_therapists
from education.models import ModalityPage
from home.visibility import in_window, unrestricted_q

# The public modality pages, {id: slug}, shared by every app server through the cache. Dropped
# by directory/signals.py on home.visibility.public_pages_changed (publish, unpublish, move,
# restrictions, deletion), and it expires by itself when the next go-live or expiry time of a
# live modality page passes, so a schedule takes effect on time without any job running.
PUBLIC_MODALITIES_KEY = "directory:public-modalities"
# At most this long even with no schedule ahead: bounds what a change made without Wagtail's
# signals (raw SQL, a queryset update in a shell) can leave behind.
PUBLIC_MODALITIES_MAX_AGE = 3600
# The set the therapists' search documents were last rebuilt for (kept without expiry).
INDEXED_MODALITIES_KEY = "directory:public-modalities:indexed"
# This request's copy of the set (per thread or task), between request_started and
# request_finished only; see public_modalities().
_request = Local()


def valid_licence_q(prefix="", today=None):
    """An active, verified licence not expired today (expiry hides a listing on the day itself)."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}status": "active", f"{prefix}verified_at__isnull": False}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": today})
    )


def compute_public_modalities(now=None):
    """({id: slug} of the public modality pages, seconds until that can next change by itself).

    One query: the live, unrestricted modality pages with their schedule; the go-live/expiry
    half of the public-page rule is applied here, so the same rows say when it next changes.
    """
    now = now or timezone.now()
    pages = ModalityPage.objects.filter(unrestricted_q(), live=True).only(
        "pk", "slug", "go_live_at", "expire_at"
    )
    public, changes = {}, [PUBLIC_MODALITIES_MAX_AGE]
    for page in pages:
        if in_window(page, now):
            public[page.pk] = page.slug
        for moment in (page.go_live_at, page.expire_at):
            if moment is not None and moment > now:
                changes.append(math.ceil((moment - now).total_seconds()))
    return public, max(1, min(changes))


def public_modalities():
    """{id: slug} of the modality pages the public may see (live, in their go-live/expiry
    window, no view restriction): what every directory reference to a modality goes through.

    Read from the shared cache once per request: a page of search results asks for every
    card, and each read of a shared cache is a network round trip.
    """
    found = getattr(_request, "modalities", None)
    if found is None:
        found = cache.get(PUBLIC_MODALITIES_KEY)
        if found is None:
            found, timeout = compute_public_modalities()
            cache.set(PUBLIC_MODALITIES_KEY, found, timeout)
            reindex_changed_modalities(found)
        if getattr(_request, "active", False):
            _request.modalities = found
    return found


def start_request(**kwargs):
    """Connected to request_started: public_modalities() may keep its answer until the end."""
    _request.active, _request.modalities = True, None


def end_request(**kwargs):
    """Connected to request_finished: outside a request every call asks the cache."""
    _request.active, _request.modalities = False, None


def reindex_changed_modalities(public):
    """Rebuild the search documents of therapists linked to modality pages that became public
    or hidden since the documents were last written with this set.

    Signals announce publishing, moves and restrictions; nothing announces a go-live or expiry
    time passing, so the first computation after it (the cached set expires then) notices
    the difference and puts the titles in, or takes them out of, the therapists' text.
    """
    from .therapists import Therapist  # a cycle: see public_therapist_conditions

    indexed = cache.get(INDEXED_MODALITIES_KEY)
    cache.set(INDEXED_MODALITIES_KEY, set(public), None)
    if indexed is None:  # nothing to compare with (a cleared cache): the signals kept them
        return
    changed = indexed ^ set(public)
    if changed:
        links = Therapist.modalities.through.objects.filter(modalitypage_id__in=changed)
        therapists = list(links.values_list("therapist_id", flat=True).distinct())
        reindex_therapists(therapists, reason="modality")


def public_modality_ids():
    return public_modalities().keys()


def forget_public_modalities():
    _request.modalities = None
    cache.delete(PUBLIC_MODALITIES_KEY)


def refresh_public_modalities():
    """Compute the set again now and record it as the one the documents are written for: the
    caller (a visibility signal) rebuilds the documents concerned itself, so the next read
    must not rebuild them a second time."""
    found, timeout = compute_public_modalities()
    _request.modalities = None
    cache.set(PUBLIC_MODALITIES_KEY, found, timeout)
    cache.set(INDEXED_MODALITIES_KEY, set(found), None)
    return found


def public_modality_pages():
    """The public modality pages as a queryset (for prefetching a therapist's modalities)."""
    return ModalityPage.objects.filter(pk__in=list(public_modality_ids()))


def public_therapist_conditions(today=None, prefix="", outer="pk"):
    """The one definition of a public therapist, as filter() arguments: published, with at
    least one active, verified licence not expired today.

    Computed from dates at query time rather than from a flag a job keeps up to date, so a
    licence expiring today hides the listing today whether or not any job has run. `prefix`
    and `outer` let a query that starts elsewhere (the therapist-location link table in geo
    search) apply the very same rule.
    """
    # therapists.py imports this module for its queryset: Licence can only be fetched at call time.
    from .therapists import Licence

    licences = Licence.objects.filter(valid_licence_q(today=today), therapist=OuterRef(outer))
    return [Q(**{f"{prefix}live": True}), Exists(licences)]


class TherapistQuerySet(models.QuerySet):
    def public(self, today=None):
        return self.filter(*public_therapist_conditions(today))

    def public_profile(self, slug):
        """The public therapist with this slug, with licences, modalities and conditions loaded.

        Therapist and licences come in one query: a public therapist always has a licence, so
        no licence row means not public (or no such slug), and DoesNotExist is raised.
        """
        from .therapists import Licence  # a cycle: see public_therapist_conditions

        licences = list(
            Licence.objects.filter(therapist__in=self.public().filter(slug=slug))
            .select_related("therapist__photo")
            .order_by("jurisdiction", "number")
        )
        if not licences:
            raise self.model.DoesNotExist(f"No public therapist {slug!r}.")
        therapist = licences[0].therapist
        for licence in licences:
            licence.therapist = therapist
        therapist._prefetched_objects_cache = {"licences": licences}
        # Only public modality pages: a draft, private or expired one never reaches a profile.
        modalities = Prefetch("modalities", queryset=public_modality_pages())
        prefetch_related_objects([therapist], modalities, "conditions")
        return therapist

    def working_at(self, locations):
        return self.filter(locations__in=[location.pk for location in locations]).distinct()


class ClinicQuerySet(models.QuerySet):
    def public(self, today=None):
        """Published, and either a public therapist works at one of its published locations or
        its own establishment licence is active, verified and unexpired."""
        from .therapists import Therapist  # a cycle: see public_therapist_conditions

        therapists = Therapist.objects.public(today).filter(
            locations__clinic=OuterRef("pk"), locations__live=True
        )
        own_licence = valid_licence_q("establishment_licence_", today) & ~Q(
            establishment_licence_number=""
        )
        return self.filter(live=True).filter(Exists(therapists) | own_licence)


class LocationQuerySet(models.QuerySet):
    def public(self, today=None):
        """Published, with a public therapist or a clinic holding a valid establishment licence."""
        from .therapists import Therapist  # a cycle: see public_therapist_conditions

        therapists = Therapist.objects.public(today).filter(locations=OuterRef("pk"))
        clinic_licence = (
            valid_licence_q("clinic__establishment_licence_", today)
            & Q(clinic__live=True)
            & ~Q(clinic__establishment_licence_number="")
        )
        return self.filter(live=True).filter(Exists(therapists) | clinic_licence)

    def with_details(self):
        """With what a profile shows of each place: its clinic, its services and their modality."""
        from .places import Service  # places.py imports this module for its querysets

        services = Service.objects.select_related("modality")
        return self.select_related("clinic").prefetch_related(
            Prefetch("services", queryset=services)
        )
