"""Self-care routines: numbered, timed steps with red flags, and their filterable index."""

from functools import cached_property

from django import forms
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
from education.blocks import PLAIN_FEATURES, RedFlagsBlock, StepsBlock
from education.models.base import (
    BreadcrumbMixin,
    EducationPage,
    FastChildRouteMixin,
    PublicPageManager,
    education_tabs,
    html_section,
    rich_html,
)
from education.models.relations import load_relations


def step_timing(step):
    """'30 seconds', '2 minutes', '1 min 30 s', '3 sets of 10 reps', '10 reps' or both."""
    parts = []
    seconds = step.get("duration_seconds")
    if seconds:
        minutes, rest = divmod(int(seconds), 60)
        if minutes and not rest:
            parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
        elif minutes:
            parts.append(f"{minutes} min {rest} s")
        else:
            parts.append(f"{rest} second{'s' if rest != 1 else ''}")
    reps, sets = step.get("reps"), step.get("sets")
    if reps and sets:
        parts.append(f"{sets} sets of {reps} reps")
    elif reps:
        parts.append(f"{reps} reps")
    return ", ".join(parts)


def step_api_data(row):
    """A step row (SelfCareRoutinePage.step_rows()) as the API serves it."""
    start, end = row["video_start"], row["video_end"]
    return {
        "number": row["number"],
        "title": row["title"],
        "instructions_html": str(row["instructions"]),
        "timing": row["timing"],
        "caution": row["caution"],
        "video_start": float(start) if start is not None else None,
        "video_end": float(end) if end is not None else None,
    }


def step_html(row):
    """One step (a SelfCareRoutinePage.step_rows() row) as a list item of the feed's HTML."""
    timing = f"<p>{escape(row['timing'])}</p>" if row["timing"] else ""
    caution = f"<p><strong>Caution:</strong> {escape(row['caution'])}</p>" if row["caution"] else ""
    return (
        f"<li><h3>{escape(row['title'])}</h3>"
        f"{rich_html(row['instructions'], PLAIN_FEATURES)}{timing}{caution}</li>"
    )


def video_caption_error(video):
    """Why a routine may not be published with this video, or None (WCAG 2.2 SC 1.2.2)."""
    if video is None or video.has_text_alternative:
        return None
    return (
        f"The video “{video.title}” has no captions and no transcript. Add a caption track or "
        "a transcript to it before publishing this routine: WCAG 2.2 success criterion 1.2.2 "
        "(Captions, Prerecorded) requires captions for video with sound. You can still save "
        "a draft."
    )


DIFFICULTY_CHOICES = [("easy", "Easy"), ("moderate", "Moderate"), ("challenging", "Challenging")]


class RoutineIndexPage(FastChildRouteMixin, BreadcrumbMixin, Page):
    intro = RichTextField(features=PLAIN_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["education.SelfCareRoutinePage"]
    max_count_per_parent = 1

    objects = PublicPageManager()

    class Meta:
        verbose_name = "routine index page"

    def child_queryset(self):
        # Everything the routine template and its JSON-LD read, including the video player's.
        return (
            SelfCareRoutinePage.objects.child_of(self)
            .select_related("reviewer", "video", "video__poster")
            # The poster's rendition comes from Wagtail's rendition cache once warm.
            .prefetch_related("video__renditions", "video__captions", "video__chapters")
        )

    def get_context(self, request, *args, **kwargs):
        # Lazy: education.filters imports education.models, which imports this (a real cycle).
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
    edit_handler = education_tabs(content_panels)
    search_fields = EducationPage.search_fields + [
        index.SearchField("steps"),
        index.SearchField("red_flags"),
        index.SearchField("contraindications"),
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

    # Each relation is read once per request and shared by the template and the JSON-LD: all
    # four in one query, from the database or, in a preview, from the editor's unsaved choices.
    @cached_property
    def relations(self):
        return load_relations(self)

    @property
    def body_area_list(self):
        return self.relations["area"]

    @property
    def condition_list(self):
        return self.relations["condition"]

    @property
    def equipment_list(self):
        return self.relations["equipment"]

    def about_conditions(self):
        return self.condition_list

    def about_body_areas(self):
        return self.body_area_list

    def equipment_needed(self):
        return self.equipment_list

    def api_data(self, request=None):
        steps = self.step_rows()
        video = self.shown_video
        return super().api_data(request) | {
            "difficulty": self.difficulty,
            "total_minutes": self.total_minutes,
            "body_areas": [item.api_data() for item in self.body_area_list],
            "conditions": [item.api_data() for item in self.condition_list],
            "equipment": [item.api_data() for item in self.equipment_list],
            "steps": [step_api_data(row) for row in steps],
            "red_flags": self.red_flag_texts(),
            "contraindications_html": str(self.contraindications),
            "video": video.feed_representation(request) if video else None,
            "video_chapters": self.video_chapters(steps),
        }

    def feed_body_html(self):
        """Steps (title, instructions, timing, caution), red flags, contraindications."""
        steps = "".join(step_html(row) for row in self.step_rows())
        flags = "".join(f"<li>{escape(flag)}</li>" for flag in self.red_flag_texts())
        return (
            html_section("Steps", f"<ol>{steps}</ol>" if steps else "")
            + html_section("Stop and seek care if", f"<ul>{flags}</ul>" if flags else "")
            + html_section(
                "Who should not do this routine",
                rich_html(self.contraindications, PLAIN_FEATURES),
            )
        )

    def search_document(self):
        return super().search_document() | {
            "difficulty": self.difficulty,
            "total_minutes": self.total_minutes,
        }

    def live_related_modalities(self):
        return self.relations["modality"]

    @cached_property
    def shown_video(self):
        """The video patients get: ready, and with captions or a transcript. A revision can
        go live without the publish form's check (a workflow approval, a scheduled go-live),
        so pages, JSON-LD and the API never show a video that fails WCAG 2.2 SC 1.2.2."""
        video = self.video if self.video_id else None
        if video is None or not video.is_ready:
            return None
        # caption_list() reads the prefetched tracks: no extra query.
        if not (video.transcript.strip() or video.caption_list()):
            return None
        return video

    def jsonld_items(self, request=None):
        return super().jsonld_items(request) + [jsonld.routine_howto(self, request)]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        steps = self.step_rows()
        context.update(
            {
                "steps": steps,
                "red_flags": self.red_flag_texts(),
                "video_chapters": self.video_chapters(steps) or None,
                "body_areas": [area.name for area in self.body_area_list],
                "equipment": [item.name for item in self.equipment_list],
                "conditions": self.condition_list,
                "related_modalities": self.live_related_modalities(),
            }
        )
        return context

    def step_rows(self):
        """Steps as template-ready dicts: timing text, anchor and the step's video range."""
        rows = []
        for number, step in enumerate(self.step_values(), start=1):
            rows.append(
                {
                    "number": number,
                    "title": step["title"],
                    "instructions": step["instructions"],
                    "timing": step_timing(step),
                    "caution": step.get("caution") or "",
                    "image": step.get("image"),
                    "video_start": step.get("video_start"),
                    "video_end": step.get("video_end"),
                }
            )
        return rows

    def video_chapters(self, steps=None):
        """Steps with a start time become the video's chapters; a step without an end runs
        until the next chapter starts (or the video ends)."""
        timed = [row for row in (steps or self.step_rows()) if row["video_start"] is not None]
        timed.sort(key=lambda row: row["video_start"])
        chapters = []
        for position, row in enumerate(timed):
            end = row["video_end"]
            if end is None and position + 1 < len(timed):
                end = timed[position + 1]["video_start"]
            chapters.append(
                {
                    "title": f"{row['number']}. {row['title']}",
                    "start": float(row["video_start"]),
                    "end": float(end) if end is not None else None,
                }
            )
        return chapters

    def video_publish_error(self):
        return video_caption_error(self.video if self.video_id else None)

    def reading_text_parts(self):
        parts = [self.summary]
        for step in self.step_values():
            parts += [step["title"], step["instructions"], step.get("caution") or ""]
        parts += self.red_flag_texts()
        parts.append(self.contraindications)
        return parts
