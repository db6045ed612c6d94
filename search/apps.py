from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Site search"
    default_auto_field = "django.db.models.BigAutoField"
