"""WebVTT checking and SubRip to WebVTT conversion.

Browsers silently drop a cue they cannot parse (or the whole track when the header is
wrong), so a bad file is refused at upload with the line at fault instead.
"""

import re

MAX_CAPTION_BYTES = 2 * 1024 * 1024
VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
SRT_TIME = r"(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{3})"
VTT_TIMING = re.compile(rf"^{VTT_TIME}[ \t]+-->[ \t]+{VTT_TIME}(?:[ \t]+(.*))?$")
SRT_TIMING = re.compile(rf"^{SRT_TIME}[ \t]*-->[ \t]*{SRT_TIME}(?:[ \t]+.*)?$")
TIME_LIKE = re.compile(r"^\s*(?:\d+:)?\d+:\d+[.,]\d+")
SRT_HINT = re.compile(r"\d:\d\d:\d\d,\d{3}[ \t]*-->")


class CaptionError(ValueError):
    def __init__(self, line, message):
        self.line = line
        self.message = message
        super().__init__(f"Line {line}: {message}" if line else message)


def decode(data):
    if len(data) > MAX_CAPTION_BYTES:
        raise CaptionError(None, "The caption file is larger than 2 MB.")
    if not data.strip():
        raise CaptionError(None, "The caption file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaptionError(line, "the file must be saved as UTF-8 text.") from error
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _seconds(hours, minutes, seconds, millis):
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds) + int(millis) / 1000


def _blocks(lines):
    """(first line number, [lines]) for each run of non-blank lines."""
    block, start = [], None
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if start is None:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block, start = [], None
    if block:
        yield start, block


def validate_webvtt(text):
    """Raise CaptionError naming the first bad line; return the number of cues."""
    lines = text.split("\n")
    header = lines[0]
    if not (header == "WEBVTT" or header.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise CaptionError(1, 'a WebVTT file must start with "WEBVTT".')
    cues, previous_start = 0, 0.0
    blocks = list(_blocks(lines))
    for first, block in blocks[1:] if blocks and blocks[0][0] == 1 else blocks:
        if block[0].startswith(("NOTE", "STYLE", "REGION")) and "-->" not in block[0]:
            continue
        timing_index = 0 if "-->" in block[0] or TIME_LIKE.match(block[0]) else 1
        if timing_index >= len(block):
            raise CaptionError(
                first, 'expected a cue timing such as "00:00:01.000 --> 00:00:04.000".'
            )
        start, end = _timing(block[timing_index], first + timing_index, VTT_TIMING)
        if start < previous_start:
            raise CaptionError(first + timing_index, "this cue starts before the previous one.")
        for offset, payload in enumerate(block[timing_index + 1 :], start=timing_index + 1):
            if "-->" in payload:
                raise CaptionError(first + offset, 'cue text cannot contain "-->".')
        previous_start = start
        cues += 1
    if cues == 0:
        raise CaptionError(None, "The caption file has no cues.")
    return cues


def _timing(line, number, pattern, example="00:00:01.000 --> 00:00:04.000"):
    match = pattern.match(line.strip())
    if not match:
        raise CaptionError(
            number,
            f'"{line.strip()[:60]}" is not a valid cue timing (expected "{example}").',
        )
    start = _seconds(*match.groups()[0:4])
    end = _seconds(*match.groups()[4:8])
    if end <= start:
        raise CaptionError(number, "the cue ends before it starts.")
    return start, end


def srt_to_webvtt(text):
    """Convert SubRip to WebVTT; errors name the line in the SubRip file."""
    out = ["WEBVTT", ""]
    previous_start = 0.0
    blocks = list(_blocks(text.split("\n")))
    if not blocks:
        raise CaptionError(None, "The caption file has no cues.")
    for first, block in blocks:
        timing_index = 1 if block[0].strip().isdigit() else 0
        if timing_index >= len(block):
            raise CaptionError(first, "a cue number must be followed by its timing.")
        line = block[timing_index]
        start, _ = _timing(line, first + timing_index, SRT_TIMING, "00:00:01,000 --> 00:00:04,000")
        if start < previous_start:
            raise CaptionError(first + timing_index, "this cue starts before the previous one.")
        previous_start = start
        match = SRT_TIMING.match(line.strip())
        times = match.groups()
        out.append(f"{_vtt_time(*times[0:4])} --> {_vtt_time(*times[4:8])}")
        for offset, payload in enumerate(block[timing_index + 1 :], start=timing_index + 1):
            if "-->" in payload:
                raise CaptionError(first + offset, 'cue text cannot contain "-->".')
            out.append(payload)
        out.append("")
    return "\n".join(out)


def _vtt_time(hours, minutes, seconds, millis):
    return f"{int(hours):02d}:{minutes}:{seconds}.{millis}"


def to_webvtt(data, filename=""):
    """WebVTT text from an uploaded caption file (WebVTT or SubRip), validated."""
    text = decode(data)
    if text.startswith("WEBVTT"):
        validate_webvtt(text)
        return text
    if filename.lower().endswith(".srt") or SRT_HINT.search(text):
        vtt = srt_to_webvtt(text)
        validate_webvtt(vtt)
        return vtt
    raise CaptionError(1, 'a WebVTT file must start with "WEBVTT" (or upload a SubRip .srt file).')
