from .entries import FeedEntry, FeedPoint, FeedState, FeedTerm

__all__ = ["FeedEntry", "FeedPoint", "FeedState", "FeedTerm"]
