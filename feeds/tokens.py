"""The partner API token format: `fascia_` + a base62 secret + a base62 CRC32 checksum.

    fascia_4kQ0...Zt (7 + 33 + 6 = 46 characters)

This is the scheme GitHub's tokens use and Wagtail 8's own API tokens copy
(wagtail.models.api.APIToken.generate_token): a fixed prefix that secret scanners can match, and
a checksum of the rest that lets a scanner (or our own auth) tell a real-looking token from a
random string without a database query. Wagtail's helpers are not reused: `_base62_encode` is
private, and its checksum hard-codes the `wagtail_` prefix.

Only `digest()` of a token is stored. A plain SHA-256 is enough here, unlike for passwords:
the secret is 192 random bits, so there is no dictionary to try and no point in a slow hash or
a salt, and unlike Wagtail's HMAC keyed on SECRET_KEY it survives a SECRET_KEY rotation.
"""

import hashlib
import math
import secrets
import zlib

PREFIX = "fascia_"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
SECRET_BITS = 192
SECRET_LENGTH = math.ceil(SECRET_BITS / math.log2(len(ALPHABET)))  # 33
CHECKSUM_LENGTH = math.ceil(32 / math.log2(len(ALPHABET)))  # 6: a CRC32 in base62
LENGTH = len(PREFIX) + SECRET_LENGTH + CHECKSUM_LENGTH
# What the admin lists to tell tokens apart: the prefix and 6 characters of the secret, which
# leave 27 characters (160 bits) unknown.
DISPLAY_LENGTH = len(PREFIX) + 6


def base62(number, length):
    """`number` in base62, left-padded with zeros to `length` characters."""
    chars = []
    for _ in range(length):
        number, remainder = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[remainder])
    return "".join(reversed(chars))


def checksum(secret):
    return base62(zlib.crc32(f"{PREFIX}{secret}".encode()), CHECKSUM_LENGTH)


def generate():
    """A new token, in plain text: shown once, never stored."""
    secret = base62(secrets.randbits(SECRET_BITS), SECRET_LENGTH)
    return f"{PREFIX}{secret}{checksum(secret)}"


def is_well_formed(token):
    """Prefix, length, alphabet and checksum: a token that fails cannot exist (no query needed);
    one that passes may still not."""
    if not isinstance(token, str) or len(token) != LENGTH or not token.startswith(PREFIX):
        return False
    body = token[len(PREFIX) :]
    if not set(body) <= set(ALPHABET):
        return False
    secret, check = body[:SECRET_LENGTH], body[SECRET_LENGTH:]
    return secrets.compare_digest(check, checksum(secret))


def digest(token):
    """What the database keeps (ApiToken.digest): the SHA-256 of the whole token, in hex."""
    return hashlib.sha256(token.encode()).hexdigest()


def display_prefix(token):
    return token[:DISPLAY_LENGTH]
