from django.apps import AppConfig
from django.db.models.signals import post_delete


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Provider directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from directory.models import Therapist

        post_delete.connect(_drop_search_document, sender=Therapist, dispatch_uid="directory-fts")


def _drop_search_document(sender, instance, **kwargs):
    from directory.search_index import delete_therapists

    delete_therapists([instance.pk])
