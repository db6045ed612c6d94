"""The abstract base of every education content page."""

from django.db import models
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.models import Page
from wagtail.search import index

from education.models.mixins import ClinicalReviewMixin, ReadingLevelMixin


class EducationPage(ClinicalReviewMixin, ReadingLevelMixin, Page):
    """Patient-facing, clinically reviewed, plain-language content."""

    summary = models.TextField(
        max_length=400,
        help_text="One or two plain sentences. Shown in lists, search results and the feed.",
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]
    template_kind = "page"

    class Meta:
        abstract = True

    @classmethod
    def build_edit_handler(cls, content_panels):
        """Content, Review (clinical review and reading level), Promote and Settings tabs."""
        return TabbedInterface(
            [
                ObjectList(content_panels, heading="Content"),
                ObjectList(cls.review_panels + cls.reading_panels, heading="Review"),
                ObjectList(cls.promote_panels, heading="Promote"),
                ObjectList(cls.settings_panels, heading="Settings", classname="settings"),
            ]
        )

    # JSON-LD -------------------------------------------------------------------------------

    def about_conditions(self):
        """Conditions this page is about (overridden by pages that have them)."""
        return []

    def medical_webpage_jsonld(self, request=None):
        data = {
            "@context": "https://schema.org",
            "@type": "MedicalWebPage",
            "name": self.title,
            "description": self.summary,
            "url": self.get_full_url(request),
            "inLanguage": "en-US",
            "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        }
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.last_reviewed:
            data["lastReviewed"] = self.last_reviewed.isoformat()
        if self.reviewer_id:
            data["reviewedBy"] = self.reviewer.jsonld()
        conditions = [condition.jsonld() for condition in self.about_conditions()]
        if conditions:
            data["about"] = conditions
        return data

    def jsonld_items(self, request=None):
        """Every JSON-LD object the page carries (each rendered in its own script element)."""
        return [self.medical_webpage_jsonld(request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["jsonld_items"] = self.jsonld_items(request)
        return context
