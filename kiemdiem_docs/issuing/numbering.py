"""Which number and date a document is issued under, from the register and the settings."""

from __future__ import annotations

import datetime as dt

from ..config import Config
from ..errors import KiemdiemError
from ..kinds import GOLDEN, Issue
from ..register import Register
from ..roster import GivenNumber


class RegisterNumbering:
    """Numbers for one build: the register's for what is issued, new ones for the rest.

    A new number is only provisional until the document is registered with it
    (``build`` claims it in the same transaction); the workspace lock keeps any
    other build from handing it out meanwhile.
    """

    def __init__(self, register: Register, config: Config, today: dt.date,
                 renumber: frozenset[tuple[str, str]] = frozenset(),
                 given: list[GivenNumber] | None = None) -> None:
        self.register = register
        # What the register held when the build began; this build's own writes come after.
        self.current = register.current_map()
        # Documents withdrawn and asked for again keep their number and date.
        self.withdrawn = register.withdrawn_map()
        self.config = config
        # Numbers the văn thư gave in the roster (sheet SoVanBan), for "roster" numbering.
        self.given = {(g.loai, g.ma): g for g in given or []}
        self.today = today
        self.renumber = renumber  # documents to issue again under a new number
        self.redate: set[tuple[str, str]] = set()  # re-issues dated on the day (a setting)
        self.issued: dict[tuple[str, str], Issue] = {}
        self.next: dict[tuple[str, str, str], int] = {}

    def golden(self) -> dict[str, int]:
        """The golden-book numbers the register holds for this round: award -> number."""
        return self.register.numbers_of(GOLDEN, self.config.co_quan["ky_hieu"],
                                        str(self.config.nam))

    def reset(self) -> None:
        """Forget this build's answers, to plan again (after choosing what to re-date)."""
        self.issued.clear()
        self.next.clear()

    def __call__(self, kind: str, key: str, symbol: str, issuer: str, *, body: str = "",
                 allocate: bool = False) -> Issue:
        """The document's number and date; ``allocate``: this build issues it if it is new."""
        ident = (kind, key)
        if ident in self.issued:
            return self.issued[ident]
        current = self.current.get(ident) or self.withdrawn.get(ident)
        if self.config.numbering_for(kind).cach == "roster":
            # The văn thư's number in the roster is the truth, even for a document issued
            # before it was written there (the document is then issued again with it).
            given = self.given.get(ident)
            issue = Issue(None, None)
            if given:
                # Undated in the roster: the date it was first issued under that number,
                # not the day of each build.
                same = current is not None and current.number == int(given.so)
                issue = Issue(int(given.so), given.ngay or (current.date if same else None))
        elif current is not None and ident not in self.renumber:
            redate = ident in self.redate and current.number is not None
            issue = Issue(current.number, self.today if redate else current.date)
        elif not allocate:
            return Issue(None, None)  # cited, not issued here: cited without a number
        else:
            # A replacement under a new number is dated on the day it is issued, which is
            # not before the document it replaces.
            if ident in self.renumber and current is not None and current.date \
                    and self.today < current.date:
                raise KiemdiemError(
                    f"Văn bản thay thế không thể ký ngày {self.today:%d/%m/%Y}, trước văn bản "
                    f"số {current.number_line} nó thay (ngày {current.date:%d/%m/%Y}): chọn "
                    "ngày khác với --ngay.")
            issue = Issue(self._allocate(kind, symbol, issuer, body),
                          self.today if ident in self.renumber else None)
        self.issued[ident] = issue
        return issue

    def _allocate(self, kind: str, symbol: str, issuer: str, body: str) -> int | None:
        mode = self.config.numbering_for(kind)
        if mode.cach != "register":
            return None
        series = (symbol, issuer, body)
        number = max(self.register.next_number(symbol, issuer, body, mode.bat_dau),
                     self.next.get(series, 0))
        self.next[series] = number + 1
        return number
