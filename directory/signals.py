"""Keep the therapist search index and the public-modality cache in step (connected in apps.py).

Saves reindex from Therapist.save() and Clinic.save() instead: a therapist's document includes
its locations, modalities and conditions, which ClusterableModel.save() writes only after
post_save has been sent.

A therapist's document holds the titles of their public modality pages only, so whenever a page
may have become public or stopped being public (home.visibility.public_pages_changed) the cached
set of public modalities is dropped and the documents of the therapists linked to the modality
pages concerned are rebuilt; so they are when a modality page is deleted.
"""

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from directory import audit, events
from directory.models import Clinic, Licence, Location, Service, Therapist
from directory.models.visibility import (
    end_request,
    forget_public_modalities,
    refresh_public_modalities,
    start_request,
)
from directory.search_index import delete_therapists, reindex_therapists
from education.models import ModalityPage
from home.visibility import public_pages_changed


def drop_search_document(sender, instance, **kwargs):
    # The search tables have no foreign key to the therapist, so nothing cascades there.
    delete_therapists([instance.pk])
    events.send([instance.pk], "delete")


def licence_changed(sender, instance, **kwargs):
    """A licence saved or deleted on its own (the editor's inline form saves each one, a
    script may too): its therapist's listing may appear or go. Writes with update() or
    bulk_update (verify_licences, the importer) send the event themselves."""
    events.send([instance.therapist_id], "licence")


def service_changed(sender, instance, **kwargs):
    # Services are shown on the listings of everyone working at the place.
    therapists = Therapist.locations.through.objects.filter(location_id=instance.location_id)
    events.send(therapists.values_list("therapist_id", flat=True), "location")


def remember_therapists_at_location(sender, instance, **kwargs):
    # The links go with the place, before post_delete: note who worked there first.
    instance._directory_therapist_ids = instance.therapist_ids()


def remember_therapists_at_clinic(sender, instance, **kwargs):
    links = Therapist.locations.through.objects.filter(location__clinic=instance)
    instance._directory_therapist_ids = list(links.values_list("therapist_id", flat=True))


def place_deleted(sender, instance, **kwargs):
    reason = "clinic" if sender is Clinic else "location"
    reindex_therapists(getattr(instance, "_directory_therapist_ids", []), reason=reason)


def therapists_linked_to(modalities):
    links = Therapist.modalities.through.objects.filter(modalitypage__in=modalities)
    return list(links.values_list("therapist_id", flat=True).distinct())


def modality_visibility_changed(sender, page, subtree=False, reason=None, **kwargs):
    """A page may have become public or hidden: compute the public modalities again and rebuild
    the documents of therapists linked to the modality pages it concerns (itself, and with
    `subtree` every modality page below it: a move or a view restriction). Other pages on
    their own change nothing here; a deleted modality is modality_deleted's, which reads the
    links before they go."""
    if reason == "delete" or not (subtree or issubclass(sender, ModalityPage)):
        return
    refresh_public_modalities()
    modalities = ModalityPage.objects.filter(pk=page.pk)
    if subtree:
        modalities = ModalityPage.objects.filter(path__startswith=page.path)
    reindex_therapists(therapists_linked_to(modalities), reason="modality")


def remember_linked_therapists(sender, instance, **kwargs):
    # The links are deleted with the page, before post_delete: note who they were first.
    instance._directory_therapist_ids = therapists_linked_to([instance.pk])


def modality_deleted(sender, instance, **kwargs):
    forget_public_modalities()
    reindex_therapists(getattr(instance, "_directory_therapist_ids", []), reason="modality")


def connect():
    post_delete.connect(drop_search_document, sender=Therapist, dispatch_uid="directory-fts")
    public_pages_changed.connect(
        modality_visibility_changed, dispatch_uid="directory-public-modalities"
    )
    pre_delete.connect(
        remember_linked_therapists, sender=ModalityPage, dispatch_uid="directory-modality-links"
    )
    post_delete.connect(
        modality_deleted, sender=ModalityPage, dispatch_uid="directory-modality-deleted"
    )
    connect_listing_events()
    # Licence status and verification changes in the audit log (directory/audit.py).
    pre_save.connect(audit.remember_state, sender=Licence, dispatch_uid="directory-audit-pre")
    post_save.connect(audit.log_saved, sender=Licence, dispatch_uid="directory-audit-post")
    # public_modalities() reads the shared cache once per request.
    request_started.connect(start_request, dispatch_uid="directory-modalities-request-start")
    request_finished.connect(end_request, dispatch_uid="directory-modalities-request-end")


def connect_listing_events():
    """The paths that change a listing without a Therapist, Location or Clinic save (those
    send directory.events.listings_changed through reindex_therapists themselves). A
    condition's edit is not one: feeds/signals.py refreshes every item embedding a snippet
    in a background task, never in the editor's request."""
    for signal in (post_save, post_delete):
        signal.connect(licence_changed, sender=Licence, dispatch_uid="directory-events-licence")
        signal.connect(service_changed, sender=Service, dispatch_uid="directory-events-service")
    for model, remember in (
        (Location, remember_therapists_at_location),
        (Clinic, remember_therapists_at_clinic),
    ):
        uid = f"directory-events-{model._meta.model_name}-delete"
        pre_delete.connect(remember, sender=model, dispatch_uid=uid)
        post_delete.connect(place_deleted, sender=model, dispatch_uid=uid)
