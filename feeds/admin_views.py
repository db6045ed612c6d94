"""The API token's admin views: create shows the secret once, "delete" revokes.

Wagtail 8's own API token admin (wagtail.users.views.api_tokens) works this way for its
user-bound tokens; its views are tied to that model and its user permissions, so these copy
the flow on our snippet views, and reuse its revoke confirmation template and its
`wagtail.apitoken.create` / `wagtail.apitoken.revoke` log actions.
"""

from django import forms
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.log_actions import log
from wagtail.snippets.views import snippets as snippet_views

from feeds.models.partners import SCOPES


class TermsField(forms.CharField):
    """Content filter terms, one a line in a textarea, a list in the model."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class ApiTokenForm(WagtailAdminModelForm):
    scopes = forms.MultipleChoiceField(
        choices=SCOPES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every endpoint.",
    )
    content_terms = TermsField(
        required=False,
        help_text="One a line, e.g. area:neck or clinic:harbour-clinic. An item must carry at "
        "least one; none: every public item.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # a token stays with the partner it was issued to
            self.fields["partner"].disabled = True


class CreateTokenView(snippet_views.CreateView):
    """Saves the digest and answers with the secret, once: the page is never cached, and the
    secret cannot be seen again (a lost token is revoked and replaced)."""

    def save_instance(self):
        self.secret = self.form.instance.set_new_secret()
        instance = self.form.save()
        log(instance, "wagtail.apitoken.create", user=self.request.user)
        return instance

    def save_action(self):
        context = self.get_context_data(secret=self.secret)
        context["page_title"] = context["header_title"] = "API token created"
        response = TemplateResponse(self.request, "feeds/admin/token_created.html", context)
        add_never_cache_headers(response)
        return response


class EditTokenView(snippet_views.EditView):
    delete_item_label = "Revoke"  # the delete view revokes, as in Wagtail's token admin


class RevokeTokenView(snippet_views.DeleteView):
    """Wagtail's delete view, revoking instead: the row stays for the listing and the usage."""

    page_title = "Revoke"
    template_name = "wagtailusers/api_tokens/confirm_revoke.html"
    success_message = "API token '%(object)s' revoked."

    @property
    def confirmation_message(self):
        return (
            "Revoke this API token? Every request made with it is refused from now on "
            "(401); this cannot be undone."
        )

    def delete_action(self):
        self.object.revoke()
        log(self.object, "wagtail.apitoken.revoke", user=self.request.user)

    def run_after_hook(self):
        return None  # after_delete_snippet hooks would believe the token was deleted


class TokenIndexView(snippet_views.IndexView):
    @cached_property
    def columns(self):
        # No bulk selection: Wagtail's bulk delete would delete tokens and their usage rows,
        # where a token is only ever revoked (wagtail_hooks.py refuses the bulk URL too).
        return [column for column in super().columns if column.name != "bulk_actions"]

    def get_list_more_buttons(self, instance):
        # "Delete" is the revoke view; a revoked token has nothing left to revoke.
        buttons = super().get_list_more_buttons(instance)
        delete_url = self.get_delete_url(instance)
        kept = []
        for button in buttons:
            if button.url == delete_url:
                if instance.revoked_at:
                    continue
                button.label = "Revoke"
            kept.append(button)
        return kept
