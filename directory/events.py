"""What the directory tells the rest of the project when a listing may have changed.

`listings_changed` is sent with `ids` (therapist ids) and `reason` on every path that changes
what the public sees of a therapist: a save, publish or unpublish, a licence written by the
editor, `verify_licences` or the importer, a location, service, opening-hours or clinic edit, a
modality page's visibility, a deletion. (An edit of a condition, which listings embed, is
feeds/signals.py's own: it refreshes the embedding items in a background task.)

It is sent inside the transaction that makes the change (a receiver that needs the committed
rows defers to `transaction.on_commit`), and it only says "look again": the receiver decides
from the rows what, if anything, changed (feeds/ rebuilds those listings and stores the ones
whose JSON differs).

Most paths reach it through `search_index.reindex_therapists(ids, reason=...)`, the one
choke point the search documents already need; the rest (deletions, licences written with
update(), locations, services) send it themselves through `send()`.
"""

from django.dispatch import Signal

listings_changed = Signal()

# Why a listing may have changed: the `reason` sent with listings_changed.
REASONS = (
    "save",  # the therapist saved, published or unpublished (DraftStateMixin)
    "licence",  # a licence added, edited, deleted, or re-checked against the board's roster
    "import",  # the CSV importer wrote it
    "location",  # a place they work at, its services or opening hours
    "clinic",  # the clinic of one of their places
    "modality",  # a linked modality page became public or hidden, or was deleted
    "delete",  # the therapist was deleted
)


def send(ids, reason):
    """Send listings_changed for these therapist ids (no-op for none)."""
    from directory.models import Therapist  # the models import this module (through search_index)

    ids = sorted({pk for pk in ids if pk is not None})
    if ids:
        listings_changed.send(sender=Therapist, ids=ids, reason=reason)
