"""Wagtail's API v2 (mounted at /api/v2/), with our subclasses of its viewsets.

We serve it publicly, so it answers to our rules: the pages endpoint shows public pages only
(`home.visibility.public_pages`: live, inside go_live_at/expire_at, no view restriction), for
the listing, detail, `find`, `search` and the `child_of`/`descendant_of` parents alike.
"""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from home.visibility import public_pages


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_base_queryset(self):
        # Wagtail's own base queryset (live, no restriction this request fails, this site) is
        # the one every query starts from: listing, detail, find, search and the parents of
        # child_of/descendant_of. Narrowing it here applies the schedule to all of them. As an
        # `id IN (subquery)`: Wagtail's search backends only filter on indexed fields (id is
        # one), not on go_live_at/expire_at or the restriction EXISTS.
        queryset = super().get_base_queryset()
        return queryset.filter(pk__in=public_pages(queryset).values("pk"))


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    pass


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    pass


router = WagtailAPIRouter("wagtailapi")
router.register_endpoint("pages", PublicPagesAPIViewSet)
router.register_endpoint("images", PublicImagesAPIViewSet)
router.register_endpoint("documents", PublicDocumentsAPIViewSet)
