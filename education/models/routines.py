"""Self-care routines: numbered, timed steps with red flags, and their filterable index."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from education.blocks import PLAIN_FEATURES, RedFlagsBlock, StepsBlock
from education.models.base import EducationPage

DIFFICULTY_CHOICES = [("easy", "Easy"), ("moderate", "Moderate"), ("challenging", "Challenging")]


class RoutineIndexPage(Page):
    intro = RichTextField(features=PLAIN_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["education.SelfCareRoutinePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = "routine index page"

    def get_context(self, request, *args, **kwargs):
        from education.filters import RoutineFilter

        context = super().get_context(request, *args, **kwargs)
        context.update(RoutineFilter(request, self).context())
        return context


class RoutinePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "education.SelfCareRoutinePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class SelfCareRoutinePage(EducationPage):
    """A routine a patient can do at home, step by step."""

    difficulty = models.CharField(max_length=12, choices=DIFFICULTY_CHOICES, default="easy")
    total_minutes = models.PositiveSmallIntegerField(
        "total time (minutes)", validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    body_areas = ParentalManyToManyField("education.BodyArea", blank=True, related_name="routines")
    conditions = ParentalManyToManyField("education.Condition", blank=True, related_name="routines")
    equipment = ParentalManyToManyField("education.Equipment", blank=True, related_name="routines")
    steps = StreamField(StepsBlock(), help_text="In the order the patient does them.")
    red_flags = StreamField(
        RedFlagsBlock(),
        verbose_name="stop and seek care if",
        help_text="Signs that mean stop the routine and contact a clinician. At least one.",
    )
    contraindications = RichTextField(
        features=PLAIN_FEATURES, blank=True, help_text="Who should not do this routine."
    )
    video = models.ForeignKey(
        "videos.ExerciseVideo",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="routines",
        help_text="A follow-along video. It needs captions or a transcript to be published.",
    )
    related_modalities = ParentalManyToManyField(
        "education.ModalityPage", blank=True, related_name="related_routines_set"
    )
    tags = ClusterTaggableManager(through=RoutinePageTag, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("difficulty"), FieldPanel("total_minutes")]),
                FieldPanel("body_areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("conditions", widget=forms.CheckboxSelectMultiple),
                FieldPanel("equipment", widget=forms.CheckboxSelectMultiple),
            ],
            heading="At a glance",
        ),
        FieldPanel("video"),
        FieldPanel("steps"),
        FieldPanel("red_flags"),
        FieldPanel("contraindications"),
        FieldPanel("related_modalities", widget=forms.CheckboxSelectMultiple),
        FieldPanel("tags"),
    ]
    search_fields = EducationPage.search_fields + [
        index.SearchField("steps"),
        index.FilterField("difficulty"),
        index.FilterField("total_minutes"),
    ]
    parent_page_types = ["education.RoutineIndexPage"]
    subpage_types = []
    template_kind = "routine"

    class Meta:
        verbose_name = "self-care routine"

    def step_values(self):
        return [block.value for block in self.steps if block.block_type == "step"]

    def red_flag_texts(self):
        return [str(block.value) for block in self.red_flags if str(block.value).strip()]

    def about_conditions(self):
        return list(self.conditions.all())

    def reading_text_parts(self):
        parts = [self.summary]
        for step in self.step_values():
            parts += [step["title"], step["instructions"], step.get("caution") or ""]
        parts += self.red_flag_texts()
        parts.append(self.contraindications)
        return parts
