"""Matching a licensing board's roster against our licences."""

import csv
import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from directory import events
from directory.audit import log_changes, state
from directory.models import Licence, LicenceStatus
from directory.models.therapists import BOARD_FIELDS

# Boards word statuses their own way; these are the spellings seen on state rosters.
STATUS_WORDS = {
    "active": LicenceStatus.ACTIVE,
    "current": LicenceStatus.ACTIVE,
    "clear": LicenceStatus.ACTIVE,
    "clear/active": LicenceStatus.ACTIVE,
    "probation": LicenceStatus.CONDITIONAL,
    "conditional": LicenceStatus.CONDITIONAL,
    "restricted": LicenceStatus.CONDITIONAL,
    "inactive": LicenceStatus.INACTIVE,
    "delinquent": LicenceStatus.INACTIVE,
    "lapsed": LicenceStatus.EXPIRED,
    "expired": LicenceStatus.EXPIRED,
    "suspended": LicenceStatus.SUSPENDED,
    "revoked": LicenceStatus.REVOKED,
    "surrendered": LicenceStatus.REVOKED,
    "null and void": LicenceStatus.REVOKED,
}
NUMBER_COLUMNS = ("licence_number", "license_number", "number", "license")
STATUS_COLUMNS = ("status", "license_status", "licence_status")
EXPIRY_COLUMNS = ("expires_on", "expiration_date", "expiry_date", "expires")


@dataclass
class VerificationReport:
    rows: int = 0
    matched: int = 0
    changed_status: int = 0
    not_ours: int = 0
    errors: list = field(default_factory=list)
    unlisted: list = field(default_factory=list)


def _pick(row, names):
    for name in names:
        if row.get(name):
            return row[name].strip()
    return ""


def _parse_date(value):
    for fmt in ("%Y-%m-%d", "%m/%d/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


def verify_licences(
    path, jurisdiction, source="", verified_by="verify_licences", clear_unlisted=False
):
    report = VerificationReport()
    # Whole seconds: the editor's form carries board_checked_at back at that precision.
    now = timezone.now().replace(microsecond=0)
    source = source or f"{jurisdiction} board roster ({path.name}, {now:%Y-%m-%d})"
    ours = {lic.number: lic for lic in Licence.objects.filter(jurisdiction=jurisdiction)}
    seen = set()
    updates, before = [], []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for number, raw in enumerate(reader, start=2):
            report.rows += 1
            row = {(k or "").strip().lower().replace(" ", "_"): (v or "") for k, v in raw.items()}
            licence_number = _pick(row, NUMBER_COLUMNS).upper()
            status_word = _pick(row, STATUS_COLUMNS).lower()
            if not licence_number:
                report.errors.append((number, "licence_number", "Missing."))
                continue
            status = STATUS_WORDS.get(status_word)
            if status is None:
                report.errors.append((number, "status", f"Unknown status “{status_word}”."))
                continue
            expiry_text = _pick(row, EXPIRY_COLUMNS)
            try:
                expires_on = _parse_date(expiry_text) if expiry_text else None
            except ValueError:
                report.errors.append((number, "expires_on", f"Can't read date “{expiry_text}”."))
                continue
            licence = ours.get(licence_number)
            if licence is None:
                report.not_ours += 1
                continue
            seen.add(licence_number)
            report.matched += 1
            report.changed_status += licence.status != status
            before.append(state(licence.status, licence.verified_at))
            licence.status = status
            licence.expires_on = expires_on or licence.expires_on
            licence.verified_at = now
            licence.verified_by = verified_by
            licence.verification_source = source[:300]
            licence.board_checked_at = now
            updates.append(licence)
    report.unlisted = sorted(set(ours) - seen)
    with transaction.atomic():
        Licence.objects.bulk_update(
            updates,
            list(BOARD_FIELDS),
            batch_size=2000,
        )
        changed = [licence.therapist_id for licence in updates]
        if clear_unlisted and report.unlisted:
            # Not on the board's own roster: we can no longer say it is verified.
            withdrawn = [ours[number] for number in report.unlisted]
            Licence.objects.filter(pk__in=[lic.pk for lic in withdrawn]).update(
                verified_at=None, verification_source=f"Not on {source}"[:300], board_checked_at=now
            )
            changed += [licence.therapist_id for licence in withdrawn]
            audit_withdrawn = [(lic, state(lic.status, lic.verified_at)) for lic in withdrawn]
            for lic in withdrawn:
                lic.verified_at = None
        else:
            audit_withdrawn = []
        log_changes(list(zip(updates, before, strict=True)) + audit_withdrawn, by=verified_by)
        # bulk_update and update() send no signal: every listing checked shows a new
        # verification time, and some a new status, so all of them may have changed.
        events.send(changed, "licence")
    return report
