import pytest
from django.core.exceptions import ValidationError

from directory.validators import (
    normalise_phone,
    npi_is_valid,
    parse_languages,
    validate_jurisdiction,
    validate_latitude,
    validate_longitude,
)


@pytest.mark.parametrize(
    ("npi", "valid"),
    [("1234567893", True), ("1234567890", False), ("123456789", False), ("12345678a3", False)],
)
def test_npi_check_digit_uses_the_80840_prefix(npi, valid):
    assert npi_is_valid(npi) is valid


def test_phone_numbers_come_out_in_e164():
    assert normalise_phone("(305) 555-0123".replace("555-0123", "375-0123")) == "+13053750123"
    with pytest.raises(ValidationError):
        normalise_phone("12345")


@pytest.mark.parametrize("value", ["FL", "PR", "CA-ON", "GB-ENG"])
def test_jurisdictions_accepted(value):
    validate_jurisdiction(value)


@pytest.mark.parametrize("value", ["ZZ", "fl", "US-FL", "Florida", "CA-"])
def test_unknown_jurisdictions_rejected(value):
    with pytest.raises(ValidationError, match="Unknown jurisdiction"):
        validate_jurisdiction(value)


def test_coordinates_need_range_and_five_decimals():
    validate_latitude("25.76168")
    validate_longitude("-80.191790")
    with pytest.raises(ValidationError, match="between"):
        validate_latitude("91.00000")
    with pytest.raises(ValidationError, match="between"):
        validate_longitude("-180.50000")
    with pytest.raises(ValidationError, match="5 decimals"):
        validate_latitude("25.7617")


def test_languages_are_normalised_and_checked():
    assert parse_languages("EN, es;vi, en") == ["en", "es", "vi"]
    with pytest.raises(ValidationError, match="xx"):
        parse_languages("en, xx")
