from .entries import FeedEntry, FeedPoint, FeedState, FeedTerm
from .partners import ApiToken, ApiTokenUsage, Partner  # noqa: F401  (registers the models)

__all__ = ["FeedEntry", "FeedPoint", "FeedState", "FeedTerm"]
