"""The search parameters, validated once for the HTML page and the JSON endpoint alike."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug

from directory.models import Gender, Postcode
from directory.validators import ISO_639_1
from home.params import ChoiceParam, DecimalParam, NumberParam, ParamsForm, SlugParam, TextParam

KM_PER_MILE = 1.609344
MAX_RADIUS = 500
MAX_QUERY_LENGTH = 200
MAX_PAGE = 1000
FLAG_FILTERS = {
    "accepting": "Accepting new clients",
    "mobile": "Mobile / outcall",
    "insurance": "Takes insurance",
    "hsa_fsa": "HSA/FSA",
    "wheelchair": "Wheelchair accessible",
    "parking": "Parking",
    "transit": "Near public transit",
}


class FlagField(forms.NullBooleanField):
    """A filter that is either asked for (1/true/on) or absent; 'false' means 'don't filter'."""

    widget = forms.TextInput  # the raw value: NullBooleanSelect would read "1" as unknown

    def to_python(self, value):
        return True if str(value).lower() in {"1", "true", "on", "yes"} else None


class SearchForm(ParamsForm):
    """Read with home/params.py's fields: NUL, invalid UTF-8, `²`/`٣` as numbers, a parameter
    given twice are form errors too (a 400 on the page and in the API)."""

    q = TextParam(required=False, max_length=MAX_QUERY_LENGTH, strip=True, label="Search")
    postcode = TextParam(required=False, max_length=12, strip=True, label="ZIP code")
    country = TextParam(required=False, max_length=2, initial="US")
    lat = DecimalParam(required=False, min_value=-90, max_value=90, label="Latitude")
    lng = DecimalParam(required=False, min_value=-180, max_value=180, label="Longitude")
    radius = DecimalParam(required=False, label="Within")
    unit = ChoiceParam(choices=[("km", "km"), ("mi", "miles")], initial="km", label="Unit")
    modality = SlugParam(max_length=120, validators=[validate_slug])
    condition = SlugParam(max_length=120, validators=[validate_slug])
    language = TextParam(required=False, max_length=3)
    gender = ChoiceParam(choices=[("", "Any"), *Gender.choices])
    page = NumberParam(min_value=1, max_value=MAX_PAGE)
    page_size = NumberParam(min_value=1, max_value=50)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in FLAG_FILTERS.items():
            self.fields[name] = FlagField(required=False, label=label)

    def clean_radius(self):
        radius = self.cleaned_data.get("radius")
        if radius is not None and not 0 < radius <= MAX_RADIUS:
            raise ValidationError(f"The radius must be more than 0 and at most {MAX_RADIUS}.")
        return radius

    def clean_language(self):
        language = self.cleaned_data["language"].lower()
        if language and language not in ISO_639_1:
            raise ValidationError("Use a two-letter ISO 639-1 language code such as es.")
        return language

    def clean(self):
        data = super().clean()
        lat, lng = data.get("lat"), data.get("lng")
        if (lat is None) != (lng is None) and not self.errors.keys() & {"lat", "lng"}:
            missing = "lng" if lng is None else "lat"
            self.add_error(missing, "Give both latitude and longitude.")
        if data.get("postcode") and not self.errors:
            self._resolve_postcode(data)
        return data

    def _resolve_postcode(self, data):
        country = (data.get("country") or "US").upper()
        found = (
            Postcode.objects.filter(country=country, postal_code__iexact=data["postcode"])
            .values_list("latitude", "longitude")
            .first()
        )
        if found is None:
            self.add_error("postcode", f"We don't know the postcode {data['postcode']}.")
            return
        data["lat"], data["lng"] = float(found[0]), float(found[1])

    @property
    def origin(self):
        data = self.cleaned_data
        if data.get("lat") is None or data.get("lng") is None:
            return None
        return data["lat"], data["lng"]

    @property
    def radius_km(self):
        radius = self.cleaned_data.get("radius") or 25
        return radius * KM_PER_MILE if self.cleaned_data.get("unit") == "mi" else radius
