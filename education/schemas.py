"""The JSON shapes of an education page, exactly as `api_data()` and `api_summary()` build them.

One place for the record's contract: the API serves it as response schemas, the feed's "_fascia"
extension publishes its JSON Schema (education/feed.py, `fascia_json_schema()`), and
tests/education/test_schemas.py checks that every page type's real record validates and loses
nothing on the way through.

`EducationRecord` is a union discriminated on "type" rather than one model with every member
optional: each page type's required members stay required, and OpenAPI/JSON Schema readers
(client generators, schemathesis) get a `oneOf` with a `discriminator` mapping.
"""

import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, RootModel

from videos.schemas import VideoOut

PageType = Literal["routine", "modality", "guide"]


# Taxonomy snippets and the reviewer ------------------------------------------------------------


class BodyArea(Schema):
    name: str
    slug: str


class Equipment(Schema):
    name: str
    slug: str
    kind: Literal["tool", "supply"] = Field(description="A tool is kept; a supply is used up.")


class Condition(Schema):
    name: str
    slug: str
    synonyms: list[str]
    icd10cm: list[str] = Field(description="ICD-10-CM codes, upper case, such as M54.50.")
    snomed_ct: list[str] = Field(description="SNOMED CT concept identifiers.")


class Reviewer(Schema):
    name: str
    credentials: str = Field(description="Licences and degrees, such as LMT or DPT, OCS.")


class Review(Schema):
    reviewer: Reviewer | None
    last_reviewed: datetime.date | None
    interval_months: int
    next_review_due: datetime.date | None


class ReadingLevel(Schema):
    flesch_kincaid_grade: float | None = Field(
        description="Flesch-Kincaid grade of the patient-facing text."
    )
    target_grade: int
    meets_target: bool


# The summary every listing serves ----------------------------------------------------------------


class EducationSummary(Schema):
    """A page's short record (`api_summary()`)."""

    id: int
    type: PageType
    title: str
    summary: str
    url: str | None = Field(description="The page's absolute URL, from its Site's root URL.")
    reading_grade: float | None
    last_published_at: datetime.datetime | None


class _RecordBase(EducationSummary):
    """What every page's whole record has: the summary, reading level and clinical review."""

    reading_level: ReadingLevel
    review: Review


# Routines ---------------------------------------------------------------------------------------


class Step(Schema):
    number: int
    title: str
    instructions_html: str
    timing: str = Field(description="Such as '30 seconds' or '2 sets of 10 reps'.")
    caution: str
    video_start: float | None = Field(description="Seconds into the routine's video.")
    video_end: float | None


class VideoChapter(Schema):
    title: str
    start: float
    end: float | None


class RoutineRecord(_RecordBase):
    type: Literal["routine"]
    difficulty: Literal["easy", "moderate", "challenging"]
    total_minutes: int
    body_areas: list[BodyArea]
    conditions: list[Condition]
    equipment: list[Equipment]
    steps: list[Step]
    red_flags: list[str] = Field(description="Stop and seek care if any of these happens.")
    contraindications_html: str
    video: VideoOut | None = Field(
        description="Left out (null) unless ready and captioned or transcribed (WCAG 2.2 1.2.2)."
    )
    video_chapters: list[VideoChapter] = Field(description="From the steps' video times.")


# Modalities -------------------------------------------------------------------------------------


class SessionMinutes(Schema):
    min: int
    max: int


class Reference(Schema):
    citation: str
    doi: str | None = None
    url: str | None = None


class ModalityRecord(_RecordBase):
    type: Literal["modality"]
    what_it_is_html: str
    indications: list[Condition]
    indications_summary: str
    session_minutes: SessionMinutes
    primary_benefit: str
    best_use: str
    pressure_level: Literal["light", "moderate", "firm", "deep", "varies"]
    contraindications: list[str]
    what_to_expect_html: str
    evidence_summary_html: str
    references: list[Reference]


# Guides -----------------------------------------------------------------------------------------


class FaqEntry(Schema):
    question: str
    answer: str = Field(description="HTML.")


class FaqValue(Schema):
    heading: str
    items: list[FaqEntry]


class CalloutValue(Schema):
    tone: Literal["info", "warning", "danger"]
    text: str = Field(description="HTML.")


class HeadingBlock(Schema):
    type: Literal["heading"]
    value: str


class ParagraphBlock(Schema):
    type: Literal["paragraph"]
    value: str = Field(description="HTML.")


class ImageBlock(Schema):
    type: Literal["image"]
    value: int | None = Field(description="The image's id in /api/wagtail/v2/images/.")


class CalloutBlock(Schema):
    type: Literal["callout"]
    value: CalloutValue


class FaqBlock(Schema):
    type: Literal["faq"]
    value: FaqValue


GuideBodyBlock = Annotated[
    HeadingBlock | ParagraphBlock | ImageBlock | CalloutBlock | FaqBlock,
    Field(discriminator="type"),
]


class Faq(Schema):
    question: str
    answer_html: str


class GuideRecord(_RecordBase):
    type: Literal["guide"]
    conditions: list[Condition]
    body: list[GuideBodyBlock]
    faq: list[Faq]


# The whole record -------------------------------------------------------------------------------


class EducationRecord(
    RootModel[Annotated[RoutineRecord | ModalityRecord | GuideRecord, Field(discriminator="type")]]
):
    """A page's whole record (`api_data()`): a routine, a modality or a guide, told apart by
    "type"."""
