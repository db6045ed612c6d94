"""Massage modality explainers and their index with a comparison table."""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.html import escape
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from education import jsonld
from education.blocks import PLAIN_FEATURES, ReferenceBlock
from education.models.base import (
    BreadcrumbMixin,
    EducationPage,
    FastChildRouteMixin,
    PublicPageManager,
    education_tabs,
    html_section,
    rich_html,
)
from home.links import safe_href
from home.text import plain_text

PRESSURE_CHOICES = [
    ("light", "Light"),
    ("moderate", "Moderate"),
    ("firm", "Firm"),
    ("deep", "Deep"),
    ("varies", "Varies with the goal"),
]


def reference_html(reference):
    """A reference ({citation, doi, url}) as a list item linking to its DOI or URL."""
    doi = (reference.get("doi") or "").strip()
    href = f"https://doi.org/{doi}" if doi else safe_href(reference.get("url"), relative=False)
    link = f' <a href="{escape(href)}">{escape(doi or href)}</a>' if href else ""
    return f"<li>{escape(reference.get('citation') or '')}{link}</li>"


class ModalityIndexPage(FastChildRouteMixin, BreadcrumbMixin, Page):
    intro = RichTextField(features=PLAIN_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["education.ModalityPage"]
    max_count_per_parent = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = "modality index page"

    def child_queryset(self):
        return ModalityPage.objects.child_of(self).select_related("reviewer")

    def modalities(self):
        return (
            ModalityPage.objects.child_of(self)
            .public()
            .prefetch_related("indications")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modalities"] = list(self.modalities())
        return context


class ModalityPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "education.ModalityPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ModalityPage(EducationPage):
    """What one kind of massage is, who it helps, and what a session is like."""

    what_it_is = RichTextField("what it is", features=PLAIN_FEATURES)
    indications = ParentalManyToManyField(
        "education.Condition",
        blank=True,
        related_name="modalities",
        help_text="Conditions this modality is often used for.",
    )
    indications_summary = models.CharField(
        max_length=120,
        help_text="A short phrase for the comparison table, such as 'Tension and relaxation'.",
    )
    session_min_minutes = models.PositiveSmallIntegerField(
        "shortest session (minutes)", validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    session_max_minutes = models.PositiveSmallIntegerField(
        "longest session (minutes)", validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    primary_benefit = models.CharField(max_length=120)
    best_use = models.CharField(max_length=120)
    pressure_level = models.CharField(max_length=12, choices=PRESSURE_CHOICES, default="moderate")
    contraindications = RichTextField(
        features=PLAIN_FEATURES,
        help_text="When not to have this massage, or to ask a doctor first.",
    )
    what_to_expect = RichTextField("what to expect", features=PLAIN_FEATURES)
    evidence_summary = RichTextField(features=PLAIN_FEATURES, blank=True)
    references = StreamField([("reference", ReferenceBlock())], blank=True)
    tags = ClusterTaggableManager(through=ModalityPageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("what_it_is"),
        MultiFieldPanel(
            [
                FieldPanel("indications", widget=forms.CheckboxSelectMultiple),
                FieldPanel("indications_summary"),
                FieldRowPanel(
                    [FieldPanel("session_min_minutes"), FieldPanel("session_max_minutes")]
                ),
                FieldPanel("primary_benefit"),
                FieldPanel("best_use"),
                FieldPanel("pressure_level"),
            ],
            heading="At a glance (feeds the comparison table)",
        ),
        FieldPanel("contraindications"),
        FieldPanel("what_to_expect"),
        MultiFieldPanel(
            [FieldPanel("evidence_summary"), FieldPanel("references")], heading="Evidence"
        ),
        FieldPanel("tags"),
    ]
    edit_handler = education_tabs(content_panels)
    search_fields = EducationPage.search_fields + [
        index.SearchField("what_it_is"),
        index.SearchField("indications_summary"),
        index.SearchField("primary_benefit"),
        index.SearchField("what_to_expect"),
        index.SearchField("contraindications"),
        index.SearchField("best_use"),
    ]
    parent_page_types = ["education.ModalityIndexPage"]
    subpage_types = []
    template_kind = "modality"

    class Meta:
        verbose_name = "modality page"

    def clean(self):
        super().clean()
        low, high = self.session_min_minutes, self.session_max_minutes
        if low and high and low > high:
            raise ValidationError(
                {
                    "session_max_minutes": (
                        f"The longest session ({high} min) is shorter than the shortest "
                        f"({low} min)."
                    )
                }
            )

    @property
    def session_range(self):
        if self.session_min_minutes == self.session_max_minutes:
            return f"{self.session_min_minutes} min"
        return f"{self.session_min_minutes}–{self.session_max_minutes} min"

    @cached_property
    def indication_list(self):
        return list(self.indications.all())

    @property
    def table_indications(self):
        return self.indications_summary or ", ".join(c.name for c in self.indication_list)

    def about_conditions(self):
        return self.indication_list

    def related_routines(self):
        # Lazy: routines imports relations, which imports this module (a real cycle).
        from education.models.routines import SelfCareRoutinePage

        if self.pk is None:  # a new page in preview: no routine can link to it yet
            return SelfCareRoutinePage.objects.none()
        return (
            SelfCareRoutinePage.objects.public()
            .filter(related_modalities=self)
            .order_by("title")
            .only("id", "title", "url_path", "summary", "total_minutes", "difficulty")
        )

    def api_data(self, request=None):
        return super().api_data(request) | {
            "what_it_is_html": str(self.what_it_is),
            "indications": [item.api_data() for item in self.indication_list],
            "indications_summary": self.indications_summary,
            "session_minutes": {"min": self.session_min_minutes, "max": self.session_max_minutes},
            "primary_benefit": self.primary_benefit,
            "best_use": self.best_use,
            "pressure_level": self.pressure_level,
            "contraindications": self.contraindication_items(),
            "what_to_expect_html": str(self.what_to_expect),
            "evidence_summary_html": str(self.evidence_summary),
            "references": [dict(block.value) for block in self.references],
        }

    def feed_body_html(self):
        """What it is, what to expect, when not to have it, the evidence and references."""
        references = "".join(reference_html(dict(block.value)) for block in self.references)
        return (
            html_section("What it is", rich_html(self.what_it_is, PLAIN_FEATURES))
            + html_section("What to expect", rich_html(self.what_to_expect, PLAIN_FEATURES))
            + html_section("When not to have it", rich_html(self.contraindications, PLAIN_FEATURES))
            + html_section("Evidence", rich_html(self.evidence_summary, PLAIN_FEATURES))
            + html_section("References", f"<ul>{references}</ul>" if references else "")
        )

    def reading_text_parts(self):
        return [
            self.summary,
            self.what_it_is,
            self.contraindications,
            self.what_to_expect,
            self.evidence_summary,
        ]

    def contraindication_items(self):
        """List items of the contraindications text, or the whole text as one item."""
        html = str(self.contraindications or "")
        items = [plain_text(part) for part in html.split("</li>") if "<li" in part]
        return [item for item in items if item] or ([plain_text(html)] if plain_text(html) else [])

    def jsonld_items(self, request=None):
        return super().jsonld_items(request) + [jsonld.therapy(self, request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_routines"] = list(self.related_routines())
        context["indications"] = self.indication_list
        return context
