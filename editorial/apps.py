from django.apps import AppConfig


class EditorialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "editorial"
    verbose_name = "Editorial workflow"

    def ready(self):
        from editorial import signals  # models are only importable once apps are ready

        signals.connect()
