"""Exercise videos: the original upload, its renditions, caption tracks and chapters."""

from .captions import CaptionTrack
from .chapters import VideoChapter
from .renditions import VideoRendition
from .video import ExerciseVideo, VideoStatus

__all__ = ["CaptionTrack", "ExerciseVideo", "VideoChapter", "VideoRendition", "VideoStatus"]
