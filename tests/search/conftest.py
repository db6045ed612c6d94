"""Site-search test data: published pages in the three education sections, with taxonomy."""

import pytest

from tests.education import factories
from tests.education.conftest import sections, taxonomy  # noqa: F401 (the same fixtures here)


@pytest.fixture
def content(sections, taxonomy):  # noqa: F811 (pytest hands over the fixtures imported above)
    routines = sections["routines"]
    return {
        "neck": factories.routine(
            routines,
            "Neck release",
            summary="Ease a tired, stiff neck after a day at a desk.",
            body_areas=[taxonomy["neck"]],
            conditions=[taxonomy["neck_pain"]],
        ),
        "calf": factories.routine(
            routines,
            "Calf care",
            summary="Roll and stretch tired calves after a run.",
            difficulty="moderate",
            total_minutes=20,
            body_areas=[taxonomy["calves"]],
            conditions=[taxonomy["soreness"]],
        ),
        "guide": factories.guide(
            sections["guides"], "Neck pain at work", summary="Why screens hurt your neck."
        ),
        "modality": factories.modality(sections["modalities"], "Swedish massage"),
    }
