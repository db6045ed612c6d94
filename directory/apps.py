from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Provider directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from directory import signals  # models are only importable once apps are ready

        signals.connect()
