"""The JSON shapes of a public exercise video, as the API and the feeds serve it.

Kept apart from videos/api.py so other apps (the education record, the feeds) embed the same
`VideoOut` without importing the video routes.
"""

from ninja import Schema


class SourceOut(Schema):
    url: str
    type: str
    width: int
    height: int
    bitrate: int | None


class PosterOut(Schema):
    url: str
    width: int
    height: int


class CaptionOut(Schema):
    url: str
    srclang: str
    label: str
    kind: str


class ChapterOut(Schema):
    title: str
    start: float
    end: float | None


class VideoOut(Schema):
    id: int
    title: str
    description: str
    duration: float | None
    width: int | None
    height: int | None
    poster: PosterOut | None
    sources: list[SourceOut]
    captions: list[CaptionOut]
    transcript: str
    chapters: list[ChapterOut]
