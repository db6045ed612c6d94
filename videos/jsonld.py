"""schema.org data for exercise videos: the VideoObject and its chapters as Clips."""

from home.jsonld import iso_duration
from videos.file_urls import absolute_url


def video_object(video, request=None, chapters=None):
    """schema.org VideoObject; chapters ([{title, start, end}]) default to the video's own."""
    sources = video.sources()
    poster_url = video.poster_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": video.title,
        "description": video.description or video.title,
        "uploadDate": video.created_at.isoformat() if video.created_at else None,
        "duration": iso_duration(video.duration),
    }
    if poster_url:
        data["thumbnailUrl"] = [poster_url]
    if sources:
        data["contentUrl"] = absolute_url(sources[0].file.url, request)
        data["encodingFormat"] = "video/mp4"
        data["width"] = sources[0].width
        data["height"] = sources[0].height
    if video.transcript.strip():
        data["transcript"] = video.transcript
    chapters = video.chapter_list() if chapters is None else chapters
    if chapters:
        data["hasPart"] = [clip(chapter) for chapter in chapters]
    return {key: value for key, value in data.items() if value is not None}


def clip(chapter):
    """A chapter ({title, start, end}) as a schema.org Clip, offsets in whole seconds."""
    data = {"@type": "Clip", "name": chapter["title"], "startOffset": int(chapter["start"])}
    if chapter.get("end") is not None:
        data["endOffset"] = int(round(chapter["end"]))
    return data
