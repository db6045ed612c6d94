"""Admin hooks only; the snippets, the group and the import view are in viewsets.py."""

from wagtail import hooks

from directory import audit
from directory.viewsets import import_viewset


@hooks.register("register_admin_viewset")
def register_import():
    return import_viewset


hooks.register("register_log_actions", audit.register)
