from django import template

from home.text import format_timecode

register = template.Library()


@register.filter
def timecode(seconds):
    """{{ 75|timecode }} -> "1:15"."""
    return format_timecode(seconds)


@register.simple_tag
def video_player_context(video, chapters=None):
    """What the player partial needs, read once: sources, tracks, poster and chapters.

    chapters (a list of {title, start, end}) come from the page using the video, e.g. a
    routine's steps; without them the video's own chapters are shown.
    """
    captions = video.caption_list()
    return {
        "sources": video.sources(),
        "captions": captions,
        # Caption files from another origin (S3, a CDN) load only in CORS mode.
        "cross_origin": any(
            track.file.url.startswith(("http://", "https://", "//")) for track in captions
        ),
        "poster": video.poster_rendition(),
        # An unset template variable arrives as "", not None.
        "chapters": video.chapter_list() if chapters in (None, "") else chapters,
    }
