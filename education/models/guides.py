"""Guides: plain-language articles with an FAQ block, and their index."""

from functools import cached_property

from django import forms
from django.db import models
from django.utils.html import escape
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from education import jsonld
from education.blocks import PLAIN_FEATURES, GuideBodyBlock
from education.models.base import (
    BreadcrumbMixin,
    EducationPage,
    FastChildRouteMixin,
    PublicPageManager,
    education_tabs,
    rich_html,
)

PARAGRAPH_FEATURES = ["h3", *PLAIN_FEATURES]
CALLOUT_LABELS = {"info": "Information", "warning": "Take care", "danger": "Seek care"}


def guide_block_html(block):
    """One block of a guide's body as feed HTML. Images are left out: the feed's item has
    one image, and loading every body image would cost a query per guide."""
    value = block.value
    if block.block_type == "heading":
        return f"<h2>{escape(value)}</h2>"
    if block.block_type == "paragraph":
        return rich_html(value, PARAGRAPH_FEATURES)
    if block.block_type == "callout":
        label = CALLOUT_LABELS.get(value["tone"], "Note")
        return (
            f"<aside><p><strong>{escape(label)}:</strong></p>"
            f"{rich_html(value['text'], PLAIN_FEATURES)}</aside>"
        )
    if block.block_type == "faq":
        items = "".join(
            f"<h3>{escape(item['question'])}</h3>{rich_html(item['answer'], PLAIN_FEATURES)}"
            for item in value["items"]
        )
        return f"<h2>{escape(value['heading'])}</h2>{items}"
    return ""


class GuideIndexPage(FastChildRouteMixin, BreadcrumbMixin, Page):
    intro = RichTextField(features=PLAIN_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["education.GuidePage"]
    max_count_per_parent = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = "guide index page"

    def child_queryset(self):
        return GuidePage.objects.child_of(self).select_related("reviewer")

    def get_context(self, request, *args, **kwargs):
        # Lazy: education.filters imports education.models, which imports this (a real cycle).
        from education.filters import GuideFilter

        context = super().get_context(request, *args, **kwargs)
        context.update(GuideFilter(request, self).context())
        return context


class GuidePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "education.GuidePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class GuidePage(EducationPage):
    """An article such as preparing for a session or insurance coverage."""

    body = StreamField(GuideBodyBlock())
    conditions = ParentalManyToManyField("education.Condition", blank=True, related_name="guides")
    body_areas = ParentalManyToManyField("education.BodyArea", blank=True, related_name="guides")
    tags = ClusterTaggableManager(through=GuidePageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    edit_handler = education_tabs(content_panels)
    search_fields = EducationPage.search_fields + [index.SearchField("body")]
    parent_page_types = ["education.GuideIndexPage"]
    subpage_types = []
    template_kind = "guide"

    class Meta:
        verbose_name = "guide"

    @cached_property
    def condition_list(self):
        return list(self.conditions.all())

    @cached_property
    def body_area_list(self):
        return list(self.body_areas.all())

    def about_conditions(self):
        return self.condition_list

    def about_body_areas(self):
        return self.body_area_list

    def api_data(self, request=None):
        return super().api_data(request) | {
            "conditions": [item.api_data() for item in self.condition_list],
            "body": [
                {"type": block.block_type, "value": block.block.get_api_representation(block.value)}
                for block in self.body
            ],
            "faq": [
                {"question": item["question"], "answer_html": str(item["answer"])}
                for item in self.faq_items()
            ],
        }

    def feed_body_html(self):
        return "".join(guide_block_html(block) for block in self.body)

    def faq_items(self):
        items = []
        for block in self.body:
            if block.block_type == "faq":
                items += list(block.value["items"])
        return items

    def reading_text_parts(self):
        parts = [self.summary]
        for block in self.body:
            if block.block_type in ("heading", "paragraph"):
                parts.append(block.value)
            elif block.block_type == "callout":
                parts.append(block.value["text"])
            elif block.block_type == "faq":
                for item in block.value["items"]:
                    parts += [item["question"], item["answer"]]
        return parts

    def jsonld_items(self, request=None):
        faq = jsonld.faq_page(self)
        return super().jsonld_items(request) + ([faq] if faq else [])
