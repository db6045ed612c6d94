import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from education.blocks import RedFlagsBlock, ReferenceBlock, StepBlock
from education.models import Condition
from home.text import add_months
from tests.education import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("codes", ["M54.50", "G44.209, M54.2", "m54.2 ; M1A.0", "Z3A.01"])
def test_icd10cm_codes_of_the_right_shape_are_kept_in_one_canonical_form(codes):
    condition = Condition(name="Neck pain", slug="neck-pain", icd10cm_codes=codes)
    condition.full_clean()
    assert condition.icd10cm_codes == ", ".join(
        code.strip().upper()
        for code in codes.replace(";", ",").replace(" ", ",").split(",")
        if code.strip()
    )


@pytest.mark.parametrize("codes", ["M5", "54.2", "M54.12345", "U07.1", "M54-2"])
def test_icd10cm_codes_of_the_wrong_shape_are_a_field_error(codes):
    condition = Condition(name="Neck pain", slug="neck-pain", icd10cm_codes=codes)
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert "icd10cm_codes" in error.value.message_dict
    assert "not an ICD-10-CM code" in error.value.message_dict["icd10cm_codes"][0]


def test_snomed_codes_must_be_digits():
    condition = Condition(name="Neck pain", slug="neck-pain", snomed_codes="81680005, abc")
    with pytest.raises(ValidationError) as error:
        condition.full_clean()
    assert "ABC: not a SNOMED CT identifier" in error.value.message_dict["snomed_codes"][0]


def test_session_minimum_above_maximum_is_a_form_error(sections):
    page = factories.modality(sections["modalities"])
    page.session_min_minutes, page.session_max_minutes = 75, 30
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert "shorter than the shortest" in error.value.message_dict["session_max_minutes"][0]


def test_step_needs_a_duration_or_reps():
    block = StepBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(
            block.to_python({"title": "Rest", "instructions": "<p>Rest.</p>"} | _empty_step())
        )
    assert "duration in seconds or a number of reps" in str(
        error.value.block_errors["duration_seconds"]
    )


def test_step_video_range_must_run_forwards():
    value = {"title": "Rest", "instructions": "<p>Rest.</p>"} | _empty_step()
    value.update(duration_seconds=30, video_start=Decimal(20), video_end=Decimal(10))
    with pytest.raises(StructBlockValidationError) as error:
        StepBlock().clean(StepBlock().to_python(value))
    assert "after the start" in str(error.value.block_errors["video_end"])


def test_a_routine_needs_at_least_one_red_flag():
    block = RedFlagsBlock()
    with pytest.raises(StreamBlockValidationError) as error:
        block.clean(block.to_python([]))
    assert "Add at least one red flag" in str(error.value.non_block_errors)


def test_reference_needs_a_doi_or_url_and_a_doi_of_the_right_shape():
    block = ReferenceBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"citation": "Smith 2020", "doi": "", "url": ""}))
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"citation": "Smith 2020", "doi": "11.1/x", "url": ""}))
    assert "starts with 10." in str(error.value.block_errors["doi"])
    value = block.clean(
        block.to_python({"citation": "Smith", "doi": "https://doi.org/10.1000/xyz", "url": ""})
    )
    assert value["doi"] == "10.1000/xyz"


def test_reading_grade_is_computed_and_stored_on_save(sections):
    page = factories.routine(sections["routines"])
    stored = type(page).objects.get(pk=page.pk).reading_grade
    assert stored is not None and stored <= Decimal("8")
    page.summary = (
        "Notwithstanding considerable interindividual heterogeneity, musculoskeletal "
        "physiotherapeutic interventions demonstrate statistically significant, clinically "
        "meaningful improvements in cervical proprioceptive functionality and nociception."
    )
    page.save()
    assert type(page).objects.get(pk=page.pk).reading_grade > stored


def test_next_review_date_is_derived_from_the_interval(sections):
    page = factories.routine(sections["routines"], last_reviewed=datetime.date(2026, 1, 31))
    page.review_interval_months = 1
    page.save()
    assert type(page).objects.get(pk=page.pk).next_review_due == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2025, 11, 15), 12) == datetime.date(2026, 11, 15)


def _empty_step():
    return {
        "duration_seconds": None,
        "sets": None,
        "reps": None,
        "image": None,
        "caution": "",
        "video_start": None,
        "video_end": None,
    }
