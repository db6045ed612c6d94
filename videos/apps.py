from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = "Exercise videos"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: models are only importable once apps are ready.
        from wagtail.permissions import register_permission_policy

        from videos import signals
        from videos.models import ExerciseVideo
        from videos.permissions import permission_policy

        register_permission_policy(ExerciseVideo, permission_policy)
        signals.connect()
