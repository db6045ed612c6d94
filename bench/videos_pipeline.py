"""Video pipeline: our whole upload-to-ready path against the same ffmpeg commands run by hand.

A 60-second 1080p clip (ffmpeg's testsrc2 + a sine tone) is made once and reused. In the same
run we time:
  * by hand: the exact ffprobe/ffmpeg argument lists our code builds, run straight through
    subprocess (probe, completeness check, poster, the three renditions, probe of outputs);
  * ours: upload form validation (SHA-256, probe, completeness check), storing the original,
    then the poster and renditions tasks (Immediate backend), with progress written to the DB.
Targets: overhead of ours at most 10%; poster ready at most 3 s after the upload is stored.

    .venv/bin/python bench/videos_pipeline.py [--database sqlite|postgres|both] [--seconds 60]
        [--repeat N]   (on a busy machine, --repeat 3 gives steadier figures)
"""

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import for_each_database, parse_args, report, setup_django  # noqa: E402

CLIP_DIR = Path(tempfile.gettempdir()) / "fascia-bench-videos"


def cpu_seconds():
    """CPU time of this process and every finished child (ffmpeg), user + system.

    On a shared machine wall time swings with other people's load; CPU time does not, so the
    overhead is also given in CPU time.
    """
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_clip(seconds):
    CLIP_DIR.mkdir(exist_ok=True)
    path = CLIP_DIR / f"testsrc2-1080p-{seconds}s.mp4"
    if not path.exists():
        print(f"Making a {seconds}-second 1080p clip (once)…")
        subprocess.run(
            ["ffmpeg", "-hide_banner", "-v", "error", "-y",
             "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=30:duration={seconds}",
             "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
             "-c:v", "libx264", "-preset", "ultrafast", "-crf", "20", "-pix_fmt", "yuv420p",
             "-c:a", "aac", "-b:a", "128k", str(path)],
            check=True,
        )  # fmt: skip
    return path


def by_hand(clip, workdir):
    """The commands our pipeline runs, in the same order, with nothing around them."""
    from videos import media

    timings = {}
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    probe = media.probe(str(clip))
    check = media.ffmpeg.input(str(clip)).output("-", map="0", c="copy", f="null")
    subprocess.run(media.compile_command(check), check=True, capture_output=True)
    poster_start = time.perf_counter()
    at = min(probe.duration * 0.25, 30.0)
    poster = media.poster_command(str(clip), str(workdir / "poster.jpg"), at, False)
    subprocess.run(poster, check=True, capture_output=True)
    timings["poster"] = time.perf_counter() - poster_start
    targets = media.rendition_targets(*probe.display_size)
    outputs = [(t, str(workdir / f"{t.name}.mp4")) for t in targets]
    args = media.renditions_command(str(clip), outputs, probe.has_audio)
    subprocess.run(args, check=True, capture_output=True)
    for _, path in outputs:
        subprocess.run(media.probe_args(path), check=True, capture_output=True)
    timings["total"] = time.perf_counter() - start
    timings["cpu"] = cpu_seconds() - cpu_start
    return timings


def ours(clip):
    from django.core.files.uploadedfile import TemporaryUploadedFile
    from wagtail.models import Collection

    from videos import tasks
    from videos.forms import VideoUploadForm
    from videos.models import ExerciseVideo

    upload = TemporaryUploadedFile(clip.name, "video/mp4", clip.stat().st_size, None)
    with open(clip, "rb") as src:
        shutil.copyfileobj(src, upload)
    upload.seek(0)
    timings = {}
    cpu_start = cpu_seconds()
    start = time.perf_counter()  # the request body has arrived: the upload is finished
    form = VideoUploadForm(
        data={"title": "Bench clip", "collection": Collection.get_first_root_node().pk},
        files={"file": upload},
    )
    assert form.is_valid(), form.errors
    video = form.save(commit=False)
    video.sha256 = form.sha256
    for name, value in form.probe.model_fields().items():
        setattr(video, name, value)
    video.save()
    upload.close()  # the storage moved Django's temporary file into place, as in a request
    stored = time.perf_counter()
    tasks.make_poster.enqueue(video.pk)
    poster_ready = time.perf_counter()
    tasks.make_renditions.enqueue(video.pk)
    end = time.perf_counter()
    cpu = cpu_seconds() - cpu_start
    video.refresh_from_db()
    assert video.status == "ready", video.failure_reason
    assert video.poster_id is not None
    timings.update(
        total=end - start,
        cpu=cpu,
        upload_to_poster=poster_ready - start,
        stored_to_poster=poster_ready - stored,
        renditions=video.renditions.count(),
    )
    ExerciseVideo.objects.filter(pk=video.pk).delete()
    return timings


def main():
    def extra(parser):
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument(
            "--repeat", type=int, default=1, help="alternate hand/ours N times; best of each"
        )

    args = parse_args(extra)
    if for_each_database(args):
        return
    setup_django(args.database)
    from videos import media

    if not media.tools_available():
        print("ffmpeg/ffprobe not found: nothing to measure.")
        return
    clip = make_clip(args.seconds)
    hands, pipelines = [], []
    for _ in range(max(1, args.repeat)):
        # Alternating keeps a change in machine load from favouring one side.
        with tempfile.TemporaryDirectory(prefix="fascia-bench-hand-") as workdir:
            hands.append(by_hand(clip, Path(workdir)))
        pipelines.append(ours(clip))
    hand = min(hands, key=lambda t: t["total"])
    pipeline = min(pipelines, key=lambda t: t["total"])
    overhead = pipeline["total"] / hand["total"] - 1
    cpu_overhead = pipeline["cpu"] / hand["cpu"] - 1
    report(
        f"Video pipeline, {args.seconds} s 1080p clip ({args.database}, preset "
        f"{media.x264_preset()}, {pipeline['renditions']} renditions, best of {len(hands)})",
        [
            ("ffmpeg commands by hand", f"{hand['total']:.2f} s"),
            ("our pipeline (upload form to ready)", f"{pipeline['total']:.2f} s"),
            ("overhead of ours", f"{overhead:+.1%}", "target <= +10%",
             "OK" if overhead <= 0.10 else "MISSED"),
            ("CPU time, by hand / ours", f"{hand['cpu']:.1f} s / {pipeline['cpu']:.1f} s"),
            ("overhead of ours in CPU time", f"{cpu_overhead:+.1%}", "(steady under load)"),
            ("speed, media s per wall s", f"{args.seconds / pipeline['total']:.2f}"),
            ("upload finished -> poster ready", f"{pipeline['upload_to_poster']:.2f} s",
             "target <= 3 s", "OK" if pipeline["upload_to_poster"] <= 3 else "MISSED"),
            ("  of which the poster task", f"{pipeline['stored_to_poster']:.2f} s",
             f"(by hand {hand['poster']:.2f} s)"),
        ],
    )  # fmt: skip


if __name__ == "__main__":
    main()
