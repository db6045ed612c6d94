"""Admin hooks only; the snippets, groups and report they hand over are in viewsets.py."""

from wagtail import hooks

from education.viewsets import review_due_viewset


@hooks.register("register_admin_viewset")
def register_review_due_report():
    return review_due_viewset
