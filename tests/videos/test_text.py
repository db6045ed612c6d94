"""The text a video's durations become: ISO 8601 for schema.org, timecodes for people."""

from django.template import Context, Template

from home.jsonld import iso_duration
from home.text import format_timecode


def test_iso_durations_keep_fractions_of_a_second():
    assert iso_duration(75.5) == "PT1M15.5S"
    assert iso_duration(3600) == "PT1H"
    assert iso_duration(0) == "PT0S"
    assert iso_duration(None) is None


def test_timecodes_round_down_as_players_show_them():
    assert format_timecode(75.9) == "1:15"
    assert format_timecode(3723) == "1:02:03"
    assert format_timecode(None) == "0:00"


def test_timecode_filter():
    html = Template("{% load videos_tags %}{{ 75|timecode }}").render(Context())
    assert html == "1:15"
