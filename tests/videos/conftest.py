"""Clips made with ffmpeg's lavfi sources at test time (tiny and short), and upload helpers.

Tests that run ffmpeg carry the `ffmpeg` mark; the root conftest skips them (or, under CI, fails
them) when ffmpeg or ffprobe is missing.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Collection


def ffmpeg(*args):
    subprocess.run(["ffmpeg", "-hide_banner", "-v", "error", "-y", *args], check=True)


class Clips:
    """Makes each kind of clip once per session; returns its path."""

    def __init__(self, root):
        self.root = root

    def make(self, name, size="320x180", seconds=1.0, audio=True, rate=25, extra=()):
        path = self.root / f"{name}.mp4"
        if path.exists():
            return path
        args = ["-f", "lavfi", "-i", f"testsrc2=size={size}:rate={rate}:duration={seconds}"]
        if audio:
            args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
            args += ["-c:a", "aac", "-b:a", "64k"]
        width, height = (int(n) for n in size.split("x"))
        if width % 2 or height % 2:
            # testsrc2 rounds its size down to even, and 4:2:0 cannot be odd: scale, keep 4:4:4.
            args[3] = f"testsrc2=size={width - width % 2}x{height - height % 2}:rate={rate}"
            args[3] += f":duration={seconds}"
            extra = ("-vf", f"scale={width}:{height}", "-pix_fmt", "yuv444p", *extra)
        # The name in the metadata makes every clip's bytes (and SHA-256) different.
        args += ["-metadata", f"title={name}", "-c:v", "libx264", "-preset", "ultrafast", *extra]
        if "-pix_fmt" not in extra:
            args += ["-pix_fmt", "yuv420p"]
        ffmpeg(*args, str(path))
        return path

    def rotated(self):
        """A phone clip: stored landscape 320x180 with a 90° display rotation (plays portrait)."""
        path = self.root / "rotated.mp4"
        if not path.exists():
            source = self.make("rotated-source", size="320x180")
            ffmpeg("-i", str(source), "-c", "copy", "-metadata:s:v:0", "rotate=90", str(path))
        return path

    def vfr(self):
        """Variable frame rate: every third frame dropped, timestamps kept."""
        path = self.root / "vfr.mp4"
        if not path.exists():
            ffmpeg(
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=30:duration=1.5",
                "-vf", "select='not(eq(mod(n\\,3)\\,0))'", "-fps_mode", "vfr",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", str(path),
            )  # fmt: skip
        return path

    def truncated(self):
        """An MP4 with its index at the front, cut off halfway through the picture data."""
        path = self.root / "truncated.mp4"
        if not path.exists():
            whole = self.make("faststart", seconds=2, extra=("-movflags", "+faststart"))
            data = whole.read_bytes()
            path.write_bytes(data[: len(data) // 2])
        return path

    def audio_only(self):
        path = self.root / "audio-only.mp4"
        if not path.exists():
            ffmpeg("-f", "lavfi", "-i", "sine=duration=1", "-c:a", "aac", str(path))
        return path

    def png_named_mp4(self):
        path = self.root / "still.mp4"
        if not path.exists():
            png = self.root / "still.png"
            ffmpeg("-f", "lavfi", "-i", "testsrc2=size=320x180", "-frames:v", "1", str(png))
            shutil.copy(png, path)
        return path


@pytest.fixture(scope="session")
def clips(tmp_path_factory):
    return Clips(tmp_path_factory.mktemp("clips"))


def as_upload(path, name=None):
    return SimpleUploadedFile(name or Path(path).name, Path(path).read_bytes(), "video/mp4")


@pytest.fixture
def upload(admin_client, django_capture_on_commit_callbacks):
    """Post a file to the admin upload form; returns the response.

    The view enqueues processing on commit; the test transaction never commits, so the
    callbacks are run here, as they would be after a real request.
    """

    def post(path, title="Neck release", name=None, client=None, **extra):
        data = {
            "title": title,
            "file": as_upload(path, name),
            "collection": Collection.get_first_root_node().pk,
            "description": "",
            **extra,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return (client or admin_client).post(reverse("exercise_videos:add"), data)

    return post
