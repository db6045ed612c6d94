"""Checks every web rendition must pass, read back with ffprobe."""

import json
import struct
import subprocess


def ffprobe(path):
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_format", "-show_streams", "-of", "json", str(path)],
        check=True,
        capture_output=True,
    ).stdout
    return json.loads(out)


def top_level_atoms(path):
    atoms = []
    with open(path, "rb") as handle:
        while header := handle.read(8):
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", handle.read(8))[0] - 8
            atoms.append(kind.decode("latin-1"))
            if size == 0:
                break
            handle.seek(size - 8, 1)
    return atoms


def rotation_of(stream):
    for side in stream.get("side_data_list", []):
        if "rotation" in side:
            return int(float(side["rotation"]))
    return int(stream.get("tags", {}).get("rotate", 0))


def assert_web_ready(path, source_duration, max_width, max_height, audio):
    info = ffprobe(path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert video["codec_name"] == "h264"
    assert video["profile"] == "High"
    assert video["pix_fmt"] == "yuv420p"
    assert video["width"] % 2 == 0 and video["height"] % 2 == 0
    assert rotation_of(video) == 0, "rendition must be upright without a rotation flag"
    assert video["width"] <= max_width and video["height"] <= max_height, "upscaled"
    atoms = top_level_atoms(path)
    assert atoms.index("moov") < atoms.index("mdat"), f"not faststart: {atoms}"
    assert abs(float(info["format"]["duration"]) - source_duration) <= 0.1
    streams = {s["codec_type"]: s for s in info["streams"]}
    if audio:
        assert streams["audio"]["codec_name"] == "aac"
    else:
        assert "audio" not in streams
    return video
