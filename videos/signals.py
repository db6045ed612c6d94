"""Files go when their rows go: originals, renditions, caption files and generated posters
(connected in apps.py)."""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.images import get_image_model

from videos.models import CaptionTrack, ExerciseVideo, VideoRendition


def _delete_file(fieldfile):
    if fieldfile and fieldfile.name:
        storage, name = fieldfile.storage, fieldfile.name
        # After commit: a rolled-back delete must not lose the file.
        transaction.on_commit(lambda: storage.delete(name))


def delete_video_files(sender, instance, **kwargs):
    _delete_file(instance.file)
    if instance.poster_generated and instance.poster_id:
        get_image_model().objects.filter(pk=instance.poster_id).delete()


def delete_attached_file(sender, instance, **kwargs):
    _delete_file(instance.file)


def connect():
    post_delete.connect(delete_video_files, sender=ExerciseVideo, dispatch_uid="videos-video-files")
    post_delete.connect(
        delete_attached_file, sender=VideoRendition, dispatch_uid="videos-rendition-file"
    )
    post_delete.connect(
        delete_attached_file, sender=CaptionTrack, dispatch_uid="videos-caption-file"
    )
