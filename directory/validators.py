"""Validators shared by the models, the admin forms and the CSV importer."""

from decimal import Decimal, InvalidOperation

import phonenumbers
from django.core.exceptions import ValidationError

# US states, DC and the inhabited territories that license massage therapists.
US_JURISDICTIONS = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip

# ISO 639-1 codes: every two-letter language code, so any language a therapist speaks is accepted.
ISO_639_1 = {
    "aa",
    "ab",
    "ae",
    "af",
    "ak",
    "am",
    "an",
    "ar",
    "as",
    "av",
    "ay",
    "az",
    "ba",
    "be",
    "bg",
    "bi",
    "bm",
    "bn",
    "bo",
    "br",
    "bs",
    "ca",
    "ce",
    "ch",
    "co",
    "cr",
    "cs",
    "cu",
    "cv",
    "cy",
    "da",
    "de",
    "dv",
    "dz",
    "ee",
    "el",
    "en",
    "eo",
    "es",
    "et",
    "eu",
    "fa",
    "ff",
    "fi",
    "fj",
    "fo",
    "fr",
    "fy",
    "ga",
    "gd",
    "gl",
    "gn",
    "gu",
    "gv",
    "ha",
    "he",
    "hi",
    "ho",
    "hr",
    "ht",
    "hu",
    "hy",
    "hz",
    "ia",
    "id",
    "ie",
    "ig",
    "ii",
    "ik",
    "io",
    "is",
    "it",
    "iu",
    "ja",
    "jv",
    "ka",
    "kg",
    "ki",
    "kj",
    "kk",
    "kl",
    "km",
    "kn",
    "ko",
    "kr",
    "ks",
    "ku",
    "kv",
    "kw",
    "ky",
    "la",
    "lb",
    "lg",
    "li",
    "ln",
    "lo",
    "lt",
    "lu",
    "lv",
    "mg",
    "mh",
    "mi",
    "mk",
    "ml",
    "mn",
    "mr",
    "ms",
    "mt",
    "my",
    "na",
    "nb",
    "nd",
    "ne",
    "ng",
    "nl",
    "nn",
    "no",
    "nr",
    "nv",
    "ny",
    "oc",
    "oj",
    "om",
    "or",
    "os",
    "pa",
    "pi",
    "pl",
    "ps",
    "pt",
    "qu",
    "rm",
    "rn",
    "ro",
    "ru",
    "rw",
    "sa",
    "sc",
    "sd",
    "se",
    "sg",
    "si",
    "sk",
    "sl",
    "sm",
    "sn",
    "so",
    "sq",
    "sr",
    "ss",
    "st",
    "su",
    "sv",
    "sw",
    "ta",
    "te",
    "tg",
    "th",
    "ti",
    "tk",
    "tl",
    "tn",
    "to",
    "tr",
    "ts",
    "tt",
    "tw",
    "ty",
    "ug",
    "uk",
    "ur",
    "uz",
    "ve",
    "vi",
    "vo",
    "wa",
    "wo",
    "xh",
    "yi",
    "yo",
    "za",
    "zh",
    "zu",
}
LANGUAGE_NAMES = {
    "en": "English", "es": "Spanish", "zh": "Chinese", "vi": "Vietnamese", "ko": "Korean",
    "tl": "Tagalog", "fr": "French", "de": "German", "pt": "Portuguese", "ru": "Russian",
    "ar": "Arabic", "hi": "Hindi", "ja": "Japanese", "it": "Italian", "pl": "Polish",
    "ht": "Haitian Creole", "he": "Hebrew",
}  # fmt: skip


def jurisdiction_name(code):
    return US_JURISDICTIONS.get(code, code)


def validate_jurisdiction(value):
    """A US state or territory code (FL), or another country's ISO 3166-2 region (CA-ON)."""
    if value in US_JURISDICTIONS:
        return
    country, _, region = value.partition("-")
    if (
        len(country) == 2
        and country.isalpha()
        and country.isupper()
        and 1 <= len(region) <= 3
        and region.isalnum()
        and region.isupper()
        and country != "US"
    ):
        return
    raise ValidationError(
        "Unknown jurisdiction %(value)s: use a US state code such as FL, or an ISO 3166-2 "
        "region such as CA-ON.",
        code="jurisdiction",
        params={"value": value},
    )


def npi_is_valid(value):
    """The NPI check digit: Luhn over the ten digits prefixed with 80840 (US health cards)."""
    if len(value) != 10 or not value.isdigit():
        return False
    digits = [int(d) for d in "80840" + value]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def validate_npi(value):
    if not npi_is_valid(value):
        raise ValidationError(
            "%(value)s is not a valid NPI: it must be 10 digits with a correct check digit.",
            code="npi",
            params={"value": value},
        )


def normalise_phone(value, region="US"):
    """E.164 form (+13055550123) of a phone number, or ValidationError."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            "%(value)s is not a valid phone number.", code="phone", params={"value": value}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value):
    if not value.startswith("+") or normalise_phone(value) != value:
        raise ValidationError(
            "Enter the phone number in international form, such as +13055550123.", code="phone"
        )


def _validate_coordinate(value, name, limit):
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"Enter the {name} as a number.", code=name) from None
    if not number.is_finite() or abs(number) > limit:
        raise ValidationError(f"The {name} must be between -{limit} and {limit}.", code=name)
    # Four decimals is ~11 m; a listing should point at a door, not a street, so ask for five.
    if -number.as_tuple().exponent < 5:
        raise ValidationError(f"Give the {name} with at least 5 decimals.", code=name)


def validate_latitude(value):
    _validate_coordinate(value, "latitude", 90)


def validate_longitude(value):
    _validate_coordinate(value, "longitude", 180)


def parse_languages(value):
    """'en, ES;vi' -> ['en', 'es', 'vi'] (sorted, unique), or ValidationError naming bad codes."""
    codes = sorted({c.strip().lower() for c in value.replace(";", ",").split(",") if c.strip()})
    unknown = [c for c in codes if c not in ISO_639_1]
    if unknown:
        raise ValidationError(
            "Unknown language code %(codes)s: use ISO 639-1 codes such as en, es.",
            code="languages",
            params={"codes": ", ".join(unknown)},
        )
    return codes


def validate_languages(value):
    parse_languages(value)
