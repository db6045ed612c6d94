"""What the videos app tells the rest of the project when what the public sees of a video may
have changed without a model save: processing writes its results with update() (status,
poster, renditions), so post_save never hears them. `video_changed` is sent with `video_id`
after such a write; the change log (feeds/signals.py) refreshes the routines that show it."""

from django.dispatch import Signal

video_changed = Signal()


def send(video_id):
    from videos.models import ExerciseVideo

    video_changed.send(sender=ExerciseVideo, video_id=video_id)
