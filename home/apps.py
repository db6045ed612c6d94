from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home import sanitize, signals  # models are only importable once apps are ready

        signals.connect()
        sanitize.connect()
