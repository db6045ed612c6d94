"""Keep the therapist search index in step with deletions (connected in apps.py).

Saves reindex from Therapist.save() and Clinic.save() instead: a therapist's document includes
its locations, modalities and conditions, which ClusterableModel.save() writes only after
post_save has been sent.
"""

from django.db.models.signals import post_delete

from directory.models import Therapist
from directory.search_index import delete_therapists


def drop_search_document(sender, instance, **kwargs):
    # The search tables have no foreign key to the therapist, so nothing cascades there.
    delete_therapists([instance.pk])


def connect():
    post_delete.connect(drop_search_document, sender=Therapist, dispatch_uid="directory-fts")
