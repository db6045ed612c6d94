"""education/schemas.py describes the real records: every page type's api_data() and
api_summary() validate, and nothing in them is lost on the way through the schema."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from education.models import GuidePage, ModalityPage, SelfCareRoutinePage
from education.schemas import EducationRecord, EducationSummary
from tests.education import factories
from tests.education.feed_data import full_routine, poster_image

pytestmark = pytest.mark.django_db


def as_json(data):
    """The record as the API writes it (Django's encoder: dates as ISO strings), with one
    spelling per moment: the encoder keeps milliseconds, so a time 0.000456 s past the second
    is "...00.000Z", which reads back as a whole second and is then written "...00Z"."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder), object_hook=whole_seconds)


def whole_seconds(obj):
    return {
        key: value[:-5] + "Z" if isinstance(value, str) and value.endswith(".000Z") else value
        for key, value in obj.items()
    }


@pytest.fixture
def pages(sections, taxonomy):
    swedish = factories.modality(
        sections["modalities"],
        indications=[taxonomy["neck_pain"]],
        references=json.dumps(
            [{"type": "reference", "value": {"citation": "A. Author, 2020.", "doi": "10.1000/x1"}}]
        ),
    )
    body = [
        {"type": "heading", "value": "Before you come"},
        {"type": "paragraph", "value": "<p>Drink some water.</p>"},
        {"type": "image", "value": poster_image("Table").pk},
        {"type": "callout", "value": {"tone": "warning", "text": "<p>Tell us about pain.</p>"}},
        factories.faq_block([("Do I have to undress?", "Only as much as you like.")]),
    ]
    ready = factories.guide(sections["guides"], body=body, conditions=[taxonomy["soreness"]])
    routine = full_routine(sections, taxonomy, modality=swedish)
    # Read back as the API reads them, so nothing is left over from building them.
    return {
        "routine": SelfCareRoutinePage.objects.get(pk=routine.pk),
        "modality": ModalityPage.objects.get(pk=swedish.pk),
        "guide": GuidePage.objects.get(pk=ready.pk),
    }


@pytest.mark.parametrize("kind", ["routine", "modality", "guide"])
def test_each_page_types_record_validates_and_round_trips(pages, kind):
    data = as_json(pages[kind].api_data())
    record = EducationRecord.model_validate(data)
    assert record.root.type == kind
    # Nothing dropped or reshaped: the schema names every member the record has.
    assert as_json(record.model_dump()) == data


def test_the_routine_record_carries_its_video_through_the_videos_schema(pages):
    record = EducationRecord.model_validate(as_json(pages["routine"].api_data())).root
    assert record.video is not None and record.video.title == "Neck video"
    assert [source.height for source in record.video.sources] == [720, 360]
    assert record.conditions[0].icd10cm == ["M54.2"]
    assert record.conditions[0].snomed_ct == ["81680005"]


@pytest.mark.parametrize("kind", ["routine", "modality", "guide"])
def test_each_summary_validates(pages, kind):
    data = as_json(pages[kind].api_summary())
    assert as_json(EducationSummary.model_validate(data).model_dump()) == data


def test_a_record_of_the_wrong_shape_fails():
    with pytest.raises(ValueError, match="routine"):
        EducationRecord.model_validate({"type": "routine", "id": 1})


def test_the_json_schema_is_a_union_discriminated_on_type():
    schema = EducationRecord.model_json_schema()
    assert schema["discriminator"]["propertyName"] == "type"
    assert set(schema["discriminator"]["mapping"]) == {"routine", "modality", "guide"}
    assert {"RoutineRecord", "ModalityRecord", "GuideRecord", "VideoOut"} <= set(schema["$defs"])
