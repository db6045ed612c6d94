"""The feeds and the change log under /api/v1/ (being built: see feeds/ and docs/api.md)."""

from ninja import Router

router = Router(tags=["feeds"])
