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


@per_roster
def _birthdays(roster: Roster) -> Counter:
    """How many members without a card share each (organisation, date of birth)."""
    return Counter((m.ma_to_chuc, m.ngay_sinh) for m in roster.members
                   if not m.so_the and m.ngay_sinh)


def identity(roster: Roster, member: Member) -> str:
    """The member's identity, as a file-name-safe slug (asked for the few who are awarded,
    so worked out one member at a time)."""
    if member.so_the:
        return f"the-{slug(member.so_the, 20)}"
    org = slug(member.ma_to_chuc, 20)
    if not member.ngay_sinh:
        return f"{org}-{slug(member.ho_ten, 40)}"
    ident = f"{org}-{member.ngay_sinh:%Y%m%d}"
    if _birthdays(roster)[(member.ma_to_chuc, member.ngay_sinh)] > 1:
        ident += f"-{slug(member.ho_ten, 40)}"
    return ident


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
