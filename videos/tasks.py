"""Background tasks (django-tasks). The upload request only enqueues them.

The poster task has the higher priority so a database worker picks it before any encoding:
editors see the poster within seconds while the renditions are still being made.
"""

from django_tasks import task

from . import processing


@task(priority=10)
def make_poster(video_id):
    return processing.poster_step(video_id)


@task()
def make_renditions(video_id):
    return processing.renditions_step(video_id)


def enqueue_processing(video):
    make_poster.enqueue(video.pk)
    make_renditions.enqueue(video.pk)


def reprocess(video):
    processing.reset_for_reprocessing(video)
    enqueue_processing(video)
