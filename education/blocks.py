"""StreamField blocks for education pages: steps, red flags, references, FAQs, guide bodies."""

import re

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

from home.blocks import HttpURLBlock

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
PLAIN_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class StepBlock(blocks.StructBlock):
    """One numbered step of a routine. Timed (seconds) or counted (sets x reps)."""

    title = blocks.CharBlock(max_length=120)
    instructions = blocks.RichTextBlock(features=PLAIN_FEATURES)
    duration_seconds = blocks.IntegerBlock(
        required=False, min_value=1, max_value=3600, help_text="How long to hold or repeat."
    )
    sets = blocks.IntegerBlock(required=False, min_value=1, max_value=20)
    reps = blocks.IntegerBlock(required=False, min_value=1, max_value=200)
    image = ImageChooserBlock(required=False)
    caution = blocks.TextBlock(
        required=False, max_length=300, help_text="What to avoid or watch for in this step."
    )

    video_start = blocks.DecimalBlock(
        required=False,
        min_value=0,
        decimal_places=1,
        help_text="Seconds into the routine's video where this step starts (makes a chapter).",
    )
    video_end = blocks.DecimalBlock(
        required=False, min_value=0, decimal_places=1, help_text="Seconds where it ends."
    )

    class Meta:
        icon = "list-ol"
        label = "Step"
        template = "education/blocks/step.html"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("duration_seconds") and not value.get("reps"):
            message = "Give this step a duration in seconds or a number of reps."
            raise StructBlockValidationError(
                block_errors={"duration_seconds": ValidationError(message)}
            )
        start, end = value.get("video_start"), value.get("video_end")
        if end is not None and start is None:
            raise StructBlockValidationError(
                block_errors={"video_start": ValidationError("Give the start of this step too.")}
            )
        if start is not None and end is not None and end <= start:
            raise StructBlockValidationError(
                block_errors={"video_end": ValidationError("The end must come after the start.")}
            )
        if value.get("sets") and not value.get("reps"):
            raise StructBlockValidationError(
                block_errors={"reps": ValidationError("Sets need a number of reps.")}
            )
        return value


class StepsBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1
        block_counts = {}


class RedFlagsBlock(blocks.StreamBlock):
    """'Stop and seek care if...' signs. A routine without one is not safe to publish."""

    red_flag = blocks.CharBlock(max_length=200, label="Red flag")

    class Meta:
        icon = "warning"

    def clean(self, value):
        if not any(child.value and str(child.value).strip() for child in value):
            raise StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [
                        ValidationError(
                            "Add at least one red flag: a sign that means stop and seek care."
                        )
                    ]
                )
            )
        return super().clean(value)


class ReferenceBlock(blocks.StructBlock):
    citation = blocks.TextBlock(max_length=400, help_text="Authors, title, journal, year.")
    doi = blocks.CharBlock(
        required=False, max_length=120, label="DOI", help_text="Such as 10.1000/xyz123"
    )
    url = HttpURLBlock(required=False, label="URL")

    class Meta:
        icon = "doc-full"
        template = "education/blocks/reference.html"

    def clean(self, value):
        value = super().clean(value)
        doi = (value.get("doi") or "").strip()
        if doi.lower().startswith("https://doi.org/"):
            doi = doi[len("https://doi.org/") :]
            value["doi"] = doi
        if doi and not DOI_RE.match(doi):
            raise StructBlockValidationError(
                block_errors={
                    "doi": ValidationError(
                        "A DOI starts with 10. and a slash, such as 10.1000/xyz123."
                    )
                }
            )
        if not doi and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Give a DOI or a URL for this reference.")}
            )
        return value


class FAQItemBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=PLAIN_FEATURES)

    class Meta:
        icon = "help"


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Questions people ask")
    items = blocks.ListBlock(FAQItemBlock(), min_num=1)

    class Meta:
        icon = "help"
        label = "FAQ"
        template = "education/blocks/faq.html"


class CalloutBlock(blocks.StructBlock):
    tone = blocks.ChoiceBlock(
        choices=[("info", "Information"), ("warning", "Take care"), ("danger", "Seek care")],
        default="info",
    )
    text = blocks.RichTextBlock(features=PLAIN_FEATURES)

    class Meta:
        icon = "warning"
        template = "education/blocks/callout.html"


class GuideBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=120, icon="title", template="education/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(features=["h3", *PLAIN_FEATURES])
    image = ImageChooserBlock(template="education/blocks/image.html")
    callout = CalloutBlock()
    faq = FAQBlock()
