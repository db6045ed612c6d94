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
from django.db.models.signals import post_delete, pre_delete

from directory.models import Therapist
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
    reindex_therapists(therapists_linked_to(modalities))


def remember_linked_therapists(sender, instance, **kwargs):
    # The links are deleted with the page, before post_delete: note who they were first.
    instance._directory_therapist_ids = therapists_linked_to([instance.pk])


def modality_deleted(sender, instance, **kwargs):
    forget_public_modalities()
    reindex_therapists(getattr(instance, "_directory_therapist_ids", []))


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
    # public_modalities() reads the shared cache once per request.
    request_started.connect(start_request, dispatch_uid="directory-modalities-request-start")
    request_finished.connect(end_request, dispatch_uid="directory-modalities-request-end")
