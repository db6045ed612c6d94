from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "feeds"
    label = "feeds"
    verbose_name = "Feeds and partners"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from feeds import signals  # apps are loaded only now: signals imports models

        signals.connect()
