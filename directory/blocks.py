"""Opening hours and closures live on the location row as StreamFields: a profile page reads
them with the location itself instead of two more queries per page."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]
WEEKDAY_NAMES = dict(WEEKDAYS)


class OpeningIntervalBlock(blocks.StructBlock):
    weekday = blocks.ChoiceBlock(choices=WEEKDAYS)
    opens = blocks.TimeBlock()
    closes = blocks.TimeBlock()

    class Meta:
        icon = "time"
        label = "Opening interval"

    def clean(self, value):
        value = super().clean(value)
        if value["closes"] <= value["opens"]:
            raise StructBlockValidationError(
                {"closes": ValidationError("Closing time must be after opening time.")}
            )
        return value


class ClosureBlock(blocks.StructBlock):
    starts_on = blocks.DateBlock()
    ends_on = blocks.DateBlock()
    reason = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "date"
        label = "Closure"

    def clean(self, value):
        value = super().clean(value)
        if value["ends_on"] < value["starts_on"]:
            raise StructBlockValidationError(
                {"ends_on": ValidationError("The closure ends before it starts.")}
            )
        return value


def interval(weekday, opens, closes):
    """One interval in StreamField's stored (raw JSON) form. The importer writes thousands of
    these: raw data is saved as it is, without building block values first."""
    return {
        "type": "interval",
        "value": {"weekday": str(weekday), "opens": _time(opens), "closes": _time(closes)},
        "id": str(uuid.uuid4()),
    }


def closure(starts_on: dt.date, ends_on: dt.date, reason=""):
    value = {"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat(), "reason": reason}
    return {"type": "closure", "value": value, "id": str(uuid.uuid4())}


def _time(value):
    return (
        value.isoformat()
        if isinstance(value, dt.time)
        else dt.time.fromisoformat(value).isoformat()
    )
