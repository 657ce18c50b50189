"""Who a member is, whatever a correction changes: the identity a document keeps.

A member with a party card number is that number. Without one, the organisation and the
date of birth (and the name only where two members of one organisation share a date of
birth, or no date is known): a corrected spelling of a name then names the same person.
Validation warns where a correction would not be recognised.
"""

from __future__ import annotations

from collections import Counter

from ..vn import match_key, slug
from .models import Member, Roster, per_roster


def _base(m: Member) -> str:
    return f"{slug(m.ma_to_chuc, 20)}-{m.ngay_sinh:%Y%m%d}" if m.ngay_sinh else \
        f"{slug(m.ma_to_chuc, 20)}-{slug(m.ho_ten, 40)}"


@per_roster
def member_identities(roster: Roster) -> dict[int, str]:
    """id(member) -> the member's identity, as a file-name-safe slug, unique in the roster."""
    without = [m for m in roster.members if not m.so_the]
    shared = Counter(_base(m) for m in without if m.ngay_sinh)
    out: dict[int, str] = {}
    seen: Counter = Counter()
    for m in roster.members:
        if m.so_the:
            ident = f"the-{slug(m.so_the, 20)}"
        else:
            ident = _base(m)
            if m.ngay_sinh and shared[ident] > 1:
                ident += f"-{slug(m.ho_ten, 40)}"
        seen[ident] += 1
        out[id(m)] = ident if seen[ident] == 1 else f"{ident}-{seen[ident]}"
    return out


def identity(roster: Roster, member: Member) -> str:
    return member_identities(roster)[id(member)]


@per_roster
def _by_name(roster: Roster) -> dict[tuple[str, str], list[Member]]:
    out: dict[tuple[str, str], list[Member]] = {}
    for m in roster.members:
        out.setdefault((m.ma_to_chuc, match_key(m.ho_ten)), []).append(m)
    return out


def person_identity(roster: Roster, code: str, name: str) -> str:
    """The identity of a person named in another sheet (KhenThuong): the member of that
    organisation with that name, or, when there is no such member or several, the name."""
    found = _by_name(roster).get((code, match_key(name)), [])
    if len(found) == 1:
        return identity(roster, found[0])
    return f"{slug(code, 20)}-{slug(name, 40)}"


def namesakes(roster: Roster, code: str, name: str) -> int:
    """How many members of that organisation bear that name."""
    return len(_by_name(roster).get((code, match_key(name)), []))
