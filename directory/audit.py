"""Licence status and verification changes in Wagtail's audit log, on the therapist's history.

Three writers change licences: the editor (each licence row saved when a therapist is
published, seen here through pre_save/post_save with the admin's log context user), the
importer and the roster check (bulk writes that send no signal, so they pass their changes
to `log_changes` with the command's name). A re-verification that finds what was there
already is not a change: only the status, and whether the licence is verified, count.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.log_actions import LogFormatter, get_active_log_context
from wagtail.models import ModelLogEntry

LICENCE_CHANGE = "directory.licence.change"


def state(status, verified_at):
    return {"status": status, "verified": verified_at is not None}


def change_data(licence, before, by):
    """The entry's data, or None when neither the status nor the verification changed."""
    after = state(licence.status, licence.verified_at)
    if before == after:
        return None
    return {
        "licence": f"{licence.jurisdiction} {licence.number}",
        "before": before,  # None: the licence was added
        "after": after,
        "by": by,
    }


def log_changes(changes, by, user=None):
    """changes: [(licence, state before or None)]; one audit entry per real change, on the
    licence's therapist, written in one statement."""
    from directory.models import Therapist

    content_type = ContentType.objects.get_for_model(Therapist, for_concrete_model=False)
    context = get_active_log_context()
    now = timezone.now()
    entries = []
    for licence, before in changes:
        data = change_data(licence, before, by)
        if data is None:
            continue
        entries.append(
            ModelLogEntry(
                content_type=content_type,
                object_id=str(licence.therapist_id),
                label=f"Therapist {licence.therapist_id}",
                action=LICENCE_CHANGE,
                timestamp=now,
                user=user or context.user,
                uuid=context.uuid,
                data=data,
            )
        )
    ModelLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def remember_state(sender, instance, raw=False, **kwargs):
    """pre_save: the stored status and verification, to compare after the save."""
    if raw:
        return
    stored = None
    if instance.pk is not None:
        row = type(instance).objects.filter(pk=instance.pk).values("status", "verified_at").first()
        stored = state(row["status"], row["verified_at"]) if row else None
    instance._audit_before = stored


def log_saved(sender, instance, raw=False, **kwargs):
    """post_save of one licence (the editor's form, a script)."""
    if raw or not hasattr(instance, "_audit_before"):
        return
    log_changes([(instance, instance._audit_before)], by="editor")
    del instance._audit_before


class LicenceChangeFormatter(LogFormatter):
    label = "Licence status or verification changed"

    def format_message(self, log_entry):
        data = log_entry.data or {}
        after = data.get("after") or {}
        before = data.get("before")
        verified = "verified" if after.get("verified") else "not verified"
        now = f"{after.get('status', '?')}, {verified}"
        by = {"editor": "an editor"}.get(data.get("by"), data.get("by", ""))
        if before is None:
            return f"Licence {data.get('licence')} added ({now}), by {by}."
        was = f"{before.get('status')}, {'verified' if before.get('verified') else 'not verified'}"
        return f"Licence {data.get('licence')}: {was} → {now}, by {by}."


def register(actions):
    actions.register_action(LICENCE_CHANGE)(LicenceChangeFormatter)
