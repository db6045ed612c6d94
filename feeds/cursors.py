"""Opaque, signed cursors: a sequence number a client hands back, which it cannot forge.

A cursor is the change sequence number a client has read up to, signed with the SECRET_KEY
(django.core.signing, its own salt per use), so a tampered or made-up cursor is a 400 naming
the parameter, never a query for something we did not hand out.
"""

from django.core import signing

from home.params import BadParameter

SALT = "fascia.feeds.cursor"
VERSION = 1


def make(seq, use, initial=None):
    """A cursor for `use` ("changes" or a feed's name) that resumes after `seq`. `initial`:
    during an initial sync, the sequence number it started at (tombstones up to it concern
    nothing the client has, so they are not sent)."""
    data = {"v": VERSION, "s": int(seq)}
    if initial:
        data["i"] = int(initial)
    return signing.Signer(salt=f"{SALT}:{use}").sign_object(data)


def read(value, use, parameter):
    """The sequence number in a cursor we made for `use`, or BadParameter."""
    return read_full(value, use, parameter)[0]


def read_full(value, use, parameter):
    """(sequence number, initial sync's start or 0) of a cursor we made for `use`."""
    try:
        data = signing.Signer(salt=f"{SALT}:{use}").unsign_object(value)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise BadParameter(parameter, "is not a cursor this API handed out") from None
    if not isinstance(data, dict) or data.get("v") != VERSION or not isinstance(data.get("s"), int):
        raise BadParameter(parameter, "is not a cursor this API handed out")
    initial = data.get("i", 0)
    if data["s"] < 0 or not isinstance(initial, int) or initial < 0:
        raise BadParameter(parameter, "is not a cursor this API handed out")
    return data["s"], initial
