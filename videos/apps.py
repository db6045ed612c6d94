from django.apps import AppConfig


class VideosConfig(AppConfig):
    name = "videos"
    verbose_name = "Exercise videos"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import ExerciseVideo
        from .permissions import permission_policy

        register_permission_policy(ExerciseVideo, permission_policy)

        from . import signals

        signals.register()
