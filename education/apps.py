from django.apps import AppConfig


class EducationConfig(AppConfig):
    name = "education"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Education"

    def ready(self):
        from education import signals  # apps are loaded now: the models import cleanly

        signals.connect()
