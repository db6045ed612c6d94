"""Admin hooks only. Importing viewsets registers the Partners snippets (partners and API
tokens) at start-up; the token log actions are Wagtail's own (wagtail.apitoken.create and
wagtail.apitoken.revoke), so no hook registers new ones."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from feeds import viewsets  # noqa: F401  (registers the Partners snippet group)
from feeds.models.partners import ApiToken


@hooks.register("before_bulk_action")
def refuse_bulk_token_deletion(request, action_type, objects, action_class_instance):
    """A token is revoked, never deleted (its usage counts and history stay); the listing
    offers no bulk selection, and this refuses the bulk URL typed by hand."""
    if action_type == "delete" and action_class_instance.model is ApiToken:
        messages.error(request, "API tokens are revoked one by one, not deleted.")
        return redirect("wagtailsnippets_feeds_apitoken:list")
    return None
