"""One way to read request parameters, for the HTML pages (Django forms) and the JSON API
(typed pydantic schemas), so that no value anyone can type into a URL answers 500.

A value is read in two steps (docs/parameters.md):

1. **Can we read it at all?** Text without NUL or other control characters, valid UTF-8 (Django
   decodes invalid bytes to U+FFFD), no longer than any form of ours could send, given once;
   numbers in ASCII digits (`²` is a digit to `str.isdigit()` but not to `int()`, `٣` is one to
   `int()` but to no link of ours) and inside a 64-bit id (2^63-1, past which SQLite overflows).
   A value that fails this is a 400 naming the parameter, everywhere.
2. **Do we know it?** A readable value we don't use (an unknown slug, a page past the end, a
   word where a number goes) is a 400 in the API, which programs read, and on the HTML pages is
   ignored with a notice or a sensible default, as a person followed an old link.

A bad value is logged as one warning line (the parameter, the reason, the path), no traceback.
"""

import functools
import logging
import re
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.response import TemplateResponse
from ninja import Schema
from pydantic import BeforeValidator, Field, model_validator

logger = logging.getLogger("fascia.params")

MAX_ID = 2**63 - 1  # the largest value of a 64-bit signed id (SQLite's INTEGER, bigint)
MAX_TEXT = 2000  # longer than any form or link of ours sends: unreadable, whatever the field
ASCII_DIGITS = re.compile(r"[0-9]+")
UNREADABLE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
# The same as a pydantic/OpenAPI pattern: no NUL or other control characters, no U+FFFD.
TEXT_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]*$"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
UNREADABLE = "unreadable"  # the ValidationError code of step 1


class BadParameter(Exception):
    """A request parameter we cannot use: a 400 naming it (HTML page or problem JSON)."""

    def __init__(self, name, reason, more=()):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason
        self.errors = [(name, reason), *more]  # every bad parameter, the first one first

    @classmethod
    def from_form(cls, form):
        """Every field error of an invalid form, for the API's problem JSON."""
        errors = [(name, errors[0]) for name, errors in form.errors.items()]
        return cls(*errors[0], more=errors[1:])


def unreadable_reason(value, max_length=MAX_TEXT):
    """Why `value` (a str from the query string) cannot be read as text, or None."""
    if "\x00" in value:
        return "contains a NUL character"
    if "\ufffd" in value:
        return "is not valid UTF-8 (or contains U+FFFD)"
    if UNREADABLE_TEXT.search(value):
        return "contains a control character"
    if len(value) > max_length:
        return f"is longer than {max_length} characters"
    return None


def unreadable_number_reason(value):
    """Why `value` cannot be read as a whole number at all, or None (it may still be out of
    range or a word: step 2)."""
    if not value.isascii():
        return "must be written in ASCII digits 0-9"
    if ASCII_DIGITS.fullmatch(value) and int(value) > MAX_ID:
        return f"is larger than {MAX_ID}"
    return None


def log_bad_parameter(request, name, reason):
    logger.warning("bad parameter %s on %s %s: %s", name, request.method, request.path, reason)


# HTML: Django form fields --------------------------------------------------------------------


class ReadableMixin:
    """Step 1 before the field's own cleaning, as a ValidationError with code "unreadable"."""

    hard_max_length = MAX_TEXT

    def unreadable(self, value):
        return unreadable_reason(value, self.hard_max_length)

    def clean(self, value):
        if isinstance(value, str) and (reason := self.unreadable(value)):
            raise ValidationError(reason, code=UNREADABLE)
        return super().clean(value)


class TextParam(ReadableMixin, forms.CharField):
    """Free text (a search query): `max_length` is step 2 (a polite message), MAX_TEXT step 1."""


class SlugParam(ReadableMixin, forms.CharField):
    """A taxonomy slug: any readable text up to 80 characters; whether we know it is the view's
    business (it asks the database)."""

    hard_max_length = 200

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class ChoiceParam(ReadableMixin, forms.ChoiceField):
    hard_max_length = 200

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class DecimalParam(ReadableMixin, forms.FloatField):
    """A decimal number (a latitude) in ASCII: float() reads `٣` and `1_0` too, no link of ours
    sends them."""

    hard_max_length = 40

    def unreadable(self, value):
        if not value.isascii():
            return "must be written in ASCII digits 0-9"
        return super().unreadable(value)

    def to_python(self, value):
        if isinstance(value, str) and "_" in value:
            raise ValidationError("must be a number", code="invalid")
        return super().to_python(value)


class NumberParam(ReadableMixin, forms.IntegerField):
    """A whole number in ASCII digits inside a 64-bit id: `²`, `٣`, 2^63 are unreadable (400);
    a word, 0 or a number past `max_value` fail step 2."""

    hard_max_length = 40

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs["max_value"] = min(kwargs.get("max_value", MAX_ID), MAX_ID)
        super().__init__(**kwargs)

    def unreadable(self, value):
        return super().unreadable(value) or unreadable_number_reason(value.strip())

    def to_python(self, value):
        value = "" if value is None else str(value).strip()
        if value == "":
            return None
        if not ASCII_DIGITS.fullmatch(value):
            raise ValidationError("must be a whole number", code="invalid")
        return int(value)


class ParamsForm(forms.Form):
    """The parameters of one page. `read()` raises BadParameter for the first unreadable value
    (or a parameter given more than once, of which we could not say which is meant) and for
    errors of fields not in `lenient`; a lenient field's error is kept in `ignored` (name ->
    message) and its value is None, so the page can say so and carry on."""

    lenient = ()

    def __init__(self, params=None, **kwargs):
        super().__init__(params, **kwargs)
        self.ignored = {}

    def clean(self):
        data = super().clean()
        for name in self.fields:
            if len(self.data.getlist(name)) > 1:
                self.add_error(name, ValidationError("is given more than once", code=UNREADABLE))
        return data

    @classmethod
    def read_params(cls, params):
        """(cleaned data, {lenient field: why it was ignored}), or BadParameter."""
        form = cls(params)
        return form.read(), form.ignored

    def read(self):
        self.is_valid()
        errors = self.errors.as_data()
        for name, field_errors in errors.items():
            for error in field_errors:
                if error.code == UNREADABLE:
                    raise BadParameter(name, error.messages[0])
        for name, field_errors in errors.items():
            if name not in self.lenient:
                raise BadParameter(name, field_errors[0].messages[0])
            self.ignored[name] = field_errors[0].messages[0]
        data = dict(getattr(self, "cleaned_data", {}))
        for name in self.fields:
            data.setdefault(name, None)
        return data


def bad_parameter_page(request, error):
    """The site's 400 page naming the parameter; logged once, here, as one line."""
    log_bad_parameter(request, error.name, error.reason)
    response = TemplateResponse(
        request,
        "400.html",
        {"parameter": error.name, "reason": error.reason},
        status=400,
    )
    response._has_been_logged = True  # Django's "Bad Request: /path" would be a second line
    return response


def bad_request(request, exception=None):
    """handler400 (config/urls.py): Django's own renders 400.html without the request, which
    the base template needs. Should the page itself fail (a request whose Host we refuse cannot
    look up its site), a plain page still says 400."""
    try:
        return TemplateResponse(request, "400.html", {}, status=400).render()
    except Exception:  # noqa: BLE001 (the error page must not become a 500)
        return HttpResponseBadRequest(
            "<!DOCTYPE html><html lang='en'><title>Bad request</title>"
            "<h1>We can’t read that address</h1></html>"
        )


def answers_bad_parameters(view):
    """A view (or Wagtail's page server) that raises BadParameter answers the 400 page."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadParameter as error:
            return bad_parameter_page(request, error)

    return wrapper


# JSON API: typed pydantic parameters ---------------------------------------------------------


def _ascii_whole_number(value):
    if isinstance(value, str) and not ASCII_DIGITS.fullmatch(value):
        raise ValueError("must be a whole number written in ASCII digits 0-9")
    return value


def Whole(low=0, high=MAX_ID, description=None):  # noqa: N802 (a type, not a function)
    """A whole number from `low` to `high` (never past 2^63-1), in ASCII digits only."""
    return Annotated[
        int,
        Field(ge=low, le=min(high, MAX_ID), description=description),
        BeforeValidator(_ascii_whole_number),  # after Field: the bounds stay in the schema
    ]


def Text(max_length=200, description=None):  # noqa: N802
    """Text without NUL, control characters or U+FFFD (invalid UTF-8), at most `max_length`."""
    return Annotated[
        str, Field(max_length=max_length, pattern=TEXT_PATTERN, description=description)
    ]


def Slug(max_length=80, description=None):  # noqa: N802
    return Annotated[
        str, Field(max_length=max_length, pattern=SLUG_PATTERN, description=description)
    ]


class QueryParams(Schema):
    """Base of our query schemas: an empty value (`?page=`, as an HTML form sends an empty
    field) means the parameter is absent, so its default applies."""

    @model_validator(mode="before")
    @classmethod
    def _blank_is_absent(cls, data):
        data = getattr(data, "_obj", data)  # ninja hands a Schema its input in a DjangoGetter
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value != ""}
        return data


# Problem JSON (RFC 9457) ---------------------------------------------------------------------


def problem_response(request, errors, status=400, title="Bad Request"):
    """`errors`: [(name, reason)]; one warning line for the first."""
    name, reason = errors[0]
    log_bad_parameter(request, name, reason)
    response = JsonResponse(
        {
            "type": "about:blank",  # RFC 9457: the status says it all
            "title": title,
            "status": status,
            "detail": "; ".join(f"{n}: {r}" for n, r in errors),
            "errors": [{"name": n, "reason": r} for n, r in errors],
            # The first parameter named, as the API answered before problem JSON.
            "field": name,
        },
        status=status,
        content_type="application/problem+json",
    )
    response._has_been_logged = True
    return response
