"""ffprobe and ffmpeg: probing, the commands we run, and running them safely.

Commands are built with ffmpeg-python and run here rather than with ffmpeg.run(), because we
need what it lacks: a timeout, ffmpeg's -progress output read while it runs, and the tail of
stderr kept (bounded) as the reason when something fails.
"""

import json
import shutil
import subprocess
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from fractions import Fraction

import ffmpeg
from django.conf import settings

# Containers ffprobe reports for still images: a photo renamed .mp4 has a "video" stream too.
IMAGE_FORMATS = {"image2", "apng", "gif", "webp_pipe", "svg_pipe", "tiff_pipe"}
IMAGE_CODECS = {"png", "mjpeg", "bmp", "gif", "webp", "tiff", "jpegls", "jpeg2000", "apng"}
STDERR_LINES_KEPT = 40


class MediaError(Exception):
    """ffmpeg or ffprobe failed; str(error) is a reason an editor can read."""


def ffmpeg_binary():
    return getattr(settings, "VIDEO_FFMPEG_BINARY", "ffmpeg")


def ffprobe_binary():
    return getattr(settings, "VIDEO_FFPROBE_BINARY", "ffprobe")


def tools_available():
    return bool(shutil.which(ffmpeg_binary()) and shutil.which(ffprobe_binary()))


def command_timeout():
    return getattr(settings, "VIDEO_FFMPEG_TIMEOUT", 3 * 3600)


# -- running ------------------------------------------------------------------------------------


def run(args, timeout=None, on_progress=None):
    """Run a command; return its stdout. Raise MediaError with the stderr tail on failure.

    on_progress(seconds_done) is called with ffmpeg's out_time when the command was given
    `-progress pipe:1`; stdout is then consumed line by line instead of being returned.
    """
    timeout = timeout or command_timeout()
    try:
        process = subprocess.Popen(  # noqa: S603 - args is a list, never a shell string
            args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise MediaError(f"Could not start {args[0]}: {error.strerror}.") from error
    stderr_tail = deque(maxlen=STDERR_LINES_KEPT)
    stderr_reader = threading.Thread(target=_drain, args=(process.stderr, stderr_tail), daemon=True)
    stderr_reader.start()
    timed_out = threading.Event()

    def stop():
        timed_out.set()
        process.kill()

    timer = threading.Timer(timeout, stop)
    timer.start()
    try:
        stdout = _read_stdout(process.stdout, on_progress)
        process.wait()
    finally:
        timer.cancel()
        stderr_reader.join(timeout=5)
    if process.returncode != 0:
        if timed_out.is_set():
            raise MediaError(f"{args[0]} took longer than {timeout} seconds and was stopped.")
        raise MediaError(_reason(args[0], stderr_tail, process.returncode))
    return stdout, "\n".join(stderr_tail)


def _drain(stream, tail):
    for raw in iter(stream.readline, b""):
        line = raw.decode("utf-8", "replace").rstrip()
        if line:
            tail.append(line)
    stream.close()


def _read_stdout(stream, on_progress):
    if on_progress is None:
        data = stream.read()
        stream.close()
        return data
    last_report = 0.0
    for raw in iter(stream.readline, b""):
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        # out_time_us is microseconds; "N/A" before the first frame is written.
        if key == "out_time_us" and value.lstrip("-").isdigit():
            now = time.monotonic()
            if now - last_report >= 0.5:
                last_report = now
                on_progress(max(0, int(value)) / 1_000_000)
    stream.close()
    return b""


def _reason(program, stderr_tail, returncode):
    lines = [line for line in stderr_tail if not line.startswith("  ")]
    detail = " ".join(lines[-3:]) if lines else f"exit status {returncode}"
    return f"{program} failed: {detail}"[:2000]


# -- probing ------------------------------------------------------------------------------------


@dataclass
class Probe:
    """What ffprobe found in a file, reduced to what we store and decide on."""

    container: str = ""
    duration: float | None = None
    size: int | None = None
    bitrate: int | None = None
    width: int | None = None
    height: int | None = None
    sample_aspect: Fraction = field(default_factory=lambda: Fraction(1))
    rotation: int = 0
    frame_rate: float | None = None
    video_codec: str = ""
    pix_fmt: str = ""
    audio_codec: str = ""
    has_video: bool = False
    has_audio: bool = False
    is_still_image: bool = False

    @property
    def display_size(self):
        """(width, height) as the video is meant to be seen: pixel aspect and rotation applied."""
        width = round(self.width * self.sample_aspect)
        height = self.height
        if abs(self.rotation) % 180 == 90:
            width, height = height, width
        return width, height

    def model_fields(self):
        return {
            "container": self.container[:64],
            "duration": self.duration,
            "file_size": self.size,
            "bitrate": self.bitrate,
            "width": self.width,
            "height": self.height,
            "rotation": self.rotation,
            "frame_rate": self.frame_rate,
            "video_codec": self.video_codec[:32],
            "audio_codec": self.audio_codec[:32],
            "has_audio": self.has_audio,
        }


def probe_args(path):
    return [ffprobe_binary(), "-v", "error", "-show_format", "-show_streams", "-of", "json", path]


def probe(path, timeout=60):
    stdout, _ = run(probe_args(path), timeout=timeout)
    try:
        data = json.loads(stdout or b"{}")
    except ValueError as error:
        raise MediaError("ffprobe returned output we could not read.") from error
    return parse_probe(data)


def parse_probe(data):
    fmt = data.get("format", {})
    streams = data.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video" and not _is_cover(s)), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    result = Probe(
        container=fmt.get("format_name", ""),
        duration=_float(fmt.get("duration")) or _float((video or {}).get("duration")),
        size=_int(fmt.get("size")),
        bitrate=_int(fmt.get("bit_rate")),
        has_video=video is not None,
        has_audio=audio is not None,
        audio_codec=(audio or {}).get("codec_name", ""),
    )
    if video is not None:
        result.width = _int(video.get("width"))
        result.height = _int(video.get("height"))
        result.video_codec = video.get("codec_name", "")
        result.pix_fmt = video.get("pix_fmt", "")
        result.rotation = _rotation(video)
        result.frame_rate = _rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate"))
        result.sample_aspect = _aspect(video.get("sample_aspect_ratio"))
        result.is_still_image = (
            result.container in IMAGE_FORMATS
            or result.container.endswith("_pipe")
            or (result.video_codec in IMAGE_CODECS and not result.duration)
        )
    return result


def _is_cover(stream):
    # Attached pictures (album art) are "video" streams that are not the video.
    return bool(stream.get("disposition", {}).get("attached_pic"))


def _rotation(stream):
    for side_data in stream.get("side_data_list", []):
        if "rotation" in side_data:
            return int(round(float(side_data["rotation"]))) % 360
    rotate = stream.get("tags", {}).get("rotate")
    return int(rotate) % 360 if rotate and rotate.lstrip("-").isdigit() else 0


def _float(value):
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number >= 0 else None  # NaN check


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _rate(value):
    try:
        rate = Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return round(float(rate), 3) if rate > 0 else None


def _aspect(value):
    try:
        aspect = Fraction(value.replace(":", "/"))
    except (AttributeError, ValueError, ZeroDivisionError):
        return Fraction(1)
    return aspect if aspect > 0 else Fraction(1)


def check_complete(path, timeout=None):
    """Read every packet (no decoding) so a truncated or damaged file fails now, not later.

    ffprobe trusts an MP4's index, so a file cut short after its index still probes fine;
    demuxing it reports "partial file" where the data stops.
    """
    node = ffmpeg.input(path).output("-", map="0", c="copy", f="null")
    _, stderr = run(compile_command(node), timeout=timeout)
    problems = [line for line in stderr.splitlines() if line.strip()]
    if problems:
        raise MediaError(problems[-1])


def compile_command(node, *extra_global):
    """The argument list for an ffmpeg-python graph, quiet options first.

    ffmpeg-python appends global options after the outputs, where ffmpeg reads -v too late
    to silence its banner; they go straight after the program name instead.
    """
    args = node.overwrite_output().compile(cmd=ffmpeg_binary())
    return [args[0], "-hide_banner", "-nostdin", "-v", "error", *extra_global, *args[1:]]


# -- commands -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    name: str
    width: int
    height: int
    max_bitrate: int  # bits per second


LADDER = [(1080, 5_000_000), (720, 2_800_000), (480, 1_200_000)]


def _even(value):
    return max(2, int(round(value / 2)) * 2)


def rendition_targets(display_width, display_height):
    """1080p, 720p and 480p (by the short side) that fit the source; never upscaled.

    A source smaller than 480p gets one rendition at its own size, made even.
    """
    short = min(display_width, display_height)
    rungs = [(lines, rate) for lines, rate in LADDER if lines <= short]
    if not rungs:
        rungs = [(short - short % 2, LADDER[-1][1])]
    targets = []
    for lines, rate in rungs:
        scale = lines / short
        width, height = _even(display_width * scale), _even(display_height * scale)
        if width > display_width or height > display_height:  # rounding up past the source
            width = min(width, display_width - display_width % 2)
            height = min(height, display_height - display_height % 2)
        targets.append(Target(f"{lines}p", width, height, rate))
    return targets


def x264_preset():
    return getattr(settings, "VIDEO_X264_PRESET", "veryfast")


def renditions_command(source, outputs, has_audio):
    """One ffmpeg run decoding once and encoding every target: [(Target, path), ...].

    ffmpeg rotates the decoded frames upright itself (autorotate) and then writes no
    rotation into the outputs, so every rendition plays upright everywhere.
    """
    stream = ffmpeg.input(source)
    video = stream.video.filter_multi_output("split", len(outputs))
    nodes = []
    for index, (target, path) in enumerate(outputs):
        scaled = (
            video.stream(index)
            .filter("scale", target.width, target.height, flags="lanczos")
            .filter("setsar", 1)
            .filter("format", "yuv420p")
        )
        streams = [scaled, stream.audio] if has_audio else [scaled]
        options = {
            "c:v": "libx264",
            "profile:v": "high",
            "preset": x264_preset(),
            "crf": 22,
            "maxrate": target.max_bitrate,
            "bufsize": target.max_bitrate * 2,
            "movflags": "+faststart",
            "map_metadata": -1,
        }
        if has_audio:
            options.update({"c:a": "aac", "b:a": "128k", "ac": 2})
        else:
            options["an"] = None
        nodes.append(ffmpeg.output(*streams, path, **options))
    return compile_command(ffmpeg.merge_outputs(*nodes), "-nostats", "-progress", "pipe:1")


def poster_command(source, path, at, exact, max_size=1920):
    """A JPEG poster from `at` seconds: the exact frame the editor chose, or the most
    representative of the next frames (ffmpeg's thumbnail filter) when we choose."""
    stream = ffmpeg.input(source, ss=f"{at:.3f}")
    video = stream.video
    if not exact:
        video = video.filter("thumbnail", 30)
    bound = f"min({max_size},iw)", f"min({max_size},ih)"
    video = video.filter("scale", *bound, force_original_aspect_ratio="decrease")
    return compile_command(ffmpeg.output(video, path, vframes=1, **{"q:v": 3}))
