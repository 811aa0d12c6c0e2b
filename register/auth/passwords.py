"""Password hashing with argon2id, and the one password policy every form and command uses."""
import secrets
from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask_babel import gettext as _

MIN_LENGTH = 12
MAX_LENGTH = 128
COMMON_PASSWORDS = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"

_hasher = PasswordHasher()  # argon2id with the library's recommended parameters (RFC 9106, low memory)
# Verified against on unknown e-mail addresses so that both answers take similar time.
_DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


def use_cheap_hashing() -> None:
    """Tests only: still argon2id, with the cheapest parameters, so that a test suite with many logins is fast."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    _DUMMY_HASH = _hasher.hash("dummy-password-for-timing")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords (register/data/README.md), case-folded."""
    with COMMON_PASSWORDS.open(encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n").casefold() for line in lines if line.strip() and not line.startswith("#"))


def check_password_policy(password: str) -> list[str]:
    """What is wrong with a new password, in Dutch; an empty list means it is acceptable.

    The password counts exactly as typed: no trimming, any Unicode character, 12 to 128 characters.
    """
    if not MIN_LENGTH <= len(password or "") <= MAX_LENGTH:
        return [_("Het wachtwoord moet %(min)d tot en met %(max)d tekens hebben.", min=MIN_LENGTH, max=MAX_LENGTH)]
    if password.casefold() in common_passwords():
        return [_("Dit wachtwoord staat op een lijst van veelgebruikte wachtwoorden en is daardoor makkelijk te "
                  "raden. Kies een ander wachtwoord.")]
    return []


def hash_password(password: str) -> str:
    return _hasher.hash(password)


_unusable: dict[str, str] = {}


def unusable_hash() -> str:
    """The password hash of an invited account that has not chosen a password yet: argon2 of a random secret that
    is thrown away at once, so nobody can log in with it, and a login attempt costs as much as on any account.
    Made once per process (per hasher): an import of 2,000 invitations does not run argon2 2,000 times."""
    key = repr(_hasher)
    if key not in _unusable:
        _unusable[key] = _hasher.hash(secrets.token_urlsafe(32))
    return _unusable[key]


def verify_password(password_hash: str | None, password: str) -> bool:
    """Always runs argon2 once, also without a hash (unknown account), so both answers take similar time."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
