"""Admin widgets for the directory's links to pages (a therapist's modalities, a service's).

They offer public pages only (home.visibility: live, in the go-live/expiry window, no view
restriction), so an editor cannot link a listing to a draft or private page by accident. A
hidden page that is already linked stays offered, chosen and labelled "(not public)": saving
the form never drops a link silently, and the editor sees why it is not shown to the public.
"""

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from wagtail.models import Page

from home.visibility import public_pages

NOT_PUBLIC = "(not public)"


class PublicPageChoicesMixin:
    def optgroups(self, name, value, attrs=None):
        chosen = {str(item) for item in value if item not in (None, "")}
        everything = list(self.choices)
        page_ids = [
            choice.value for choice, _ in everything if isinstance(choice, ModelChoiceIteratorValue)
        ]
        public = set(
            public_pages(Page.objects.filter(pk__in=page_ids)).values_list("pk", flat=True)
        )
        offered = []
        for choice, label in everything:
            if not isinstance(choice, ModelChoiceIteratorValue) or choice.value in public:
                offered.append((choice, label))
            elif str(choice.value) in chosen:
                offered.append((choice, f"{label} {NOT_PUBLIC}"))
        self.choices, original = offered, self.choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = original


class PublicPageCheckboxes(PublicPageChoicesMixin, forms.CheckboxSelectMultiple):
    """Checkboxes for a many-to-many link to pages: public ones, and any hidden one chosen."""


class PublicPageSelect(PublicPageChoicesMixin, forms.Select):
    """A select list for a link to one page: public ones, and the hidden one if it is chosen."""
