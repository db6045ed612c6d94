"""Caption files: WebVTT checked cue by cue, SubRip converted; errors name the line."""

import pytest

from videos.captions import CaptionError, to_webvtt


def error_of(data, name="captions.vtt"):
    with pytest.raises(CaptionError) as caught:
        to_webvtt(data, name)
    return str(caught.value)


def test_valid_webvtt_with_notes_settings_ids_bom_and_crlf_is_kept():
    data = (
        "\ufeffWEBVTT - exercise\r\n\r\nNOTE made by hand\r\n\r\nintro\r\n"
        "00:00.000 --> 00:01.500 align:start line:0\r\nSit tall.\r\n\r\n"
        "01:00:00.000 --> 01:00:02.000\r\nDone.\r\n"
    ).encode()
    text = to_webvtt(data)
    assert text.startswith("WEBVTT - exercise\n") and "\r" not in text


def test_subrip_becomes_webvtt():
    srt = (
        b"1\n00:00:01,000 --> 00:00:02,500\nBreathe in.\n\n2\n00:00:03,000 --> 00:00:04,000\nOut.\n"
    )
    assert to_webvtt(srt, "c.srt") == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\nBreathe in.\n\n"
        "00:00:03.000 --> 00:00:04.000\nOut.\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"WEBVT\n\n00:00.000 --> 00:01.000\nx\n", 'Line 1: a WebVTT file must start with'),
        (b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n", "Line 3: the cue ends before it starts"),
        (b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nx\n\n00:61.000 --> 00:62.000\ny\n", "Line 6:"),
        (b"WEBVTT\n\nid\n00:00:01.000 --> 00:00:02.000\na --> b\n", 'Line 5: cue text cannot'),
        (b"WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nx\n\n00:00:01.000 --> 00:00:02.000\ny\n",
         "Line 6: this cue starts before the previous one"),
        (b"WEBVTT\n\nNOTE nothing else\n", "no cues"),
        (b"WEBVTT\n\n\xff\xfe bad bytes\n", "Line 3: the file must be saved as UTF-8"),
        (b"", "empty"),
    ],
)  # fmt: skip
def test_bad_webvtt_names_the_line(data, message):
    assert message in error_of(data)


def test_bad_subrip_names_the_line():
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03.000 -> 00:00:04,000\nbad\n"
    assert error_of(srt, "c.srt").startswith('Line 6: "00:00:03.000 -> 00:00:04,000"')
