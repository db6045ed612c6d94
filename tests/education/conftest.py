import pytest

from tests.education import factories


@pytest.fixture
def sections(home_page):
    return factories.sections(home_page)


@pytest.fixture
def taxonomy(db):
    return {
        "neck": factories.BodyAreaFactory(name="Neck", slug="neck"),
        "calves": factories.BodyAreaFactory(name="Calves", slug="calves"),
        "neck_pain": factories.ConditionFactory(
            name="Neck pain", slug="neck-pain", icd10cm_codes="M54.2", snomed_codes="81680005"
        ),
        "soreness": factories.ConditionFactory(
            name="Post-exertional soreness", slug="soreness", icd10cm_codes="M79.10"
        ),
        "roller": factories.EquipmentFactory(name="Foam roller", slug="foam-roller"),
        "lotion": factories.EquipmentFactory(name="Lotion", slug="lotion", kind="supply"),
    }
