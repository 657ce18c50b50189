"""The workbooks the web page was given: every upload kept as a version of its own, named
by the server (time and a counter, never the upload's name), and the rosters read from
them, cached by file so a page does not read a workbook again.

The version last uploaded is the one the web page reads and builds from; nothing is
overwritten, not even the workspace's own workbook (``[tep] danh_sach``, which the command
line goes on reading: in the repository it is the tracked sample). A .zip of .csv files
becomes a folder version, its files named by their sheets.
"""

from __future__ import annotations

import shutil
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from .. import api
from ..atomic import write_atomic
from ..config import Config
from ..errors import KiemdiemError
from ..roster import SHEETS, Roster

FOLDER = "phien-ban"
POINTER = "hien-hanh.txt"  # the name of the version in use
CHUNK = 1 << 16


class Versions:
    def __init__(self, config: Config, clock: Callable) -> None:
        self.config, self.clock = config, clock
        self.folder = config.danh_sach.parent / FOLDER
        self._lock = threading.Lock()

    def names(self) -> list[str]:
        """Every kept version, newest first."""
        if not self.folder.is_dir():
            return []
        return sorted((p.name for p in self.folder.iterdir()
                       if p.suffix == ".xlsx" or (p.is_dir() and not p.name.startswith("."))),
                      reverse=True)

    def path(self, name: str) -> Path | None:
        """A version by its name as listed; None for any other name (no path from a request)."""
        return self.folder / name if name in self.names() else None

    def current(self) -> Path:
        """The workbook in use: the version last uploaded, else the workspace's own."""
        try:
            name = (self.folder / POINTER).read_text("utf-8").strip()
        except OSError:
            return self.config.danh_sach
        return self.path(name) or self.config.danh_sach

    def current_name(self) -> str | None:
        current = self.current()
        return current.name if current.parent == self.folder else None

    def _new_name(self, suffix: str) -> Path:
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        n = 1
        while (self.folder / f"{stamp}-{n:02d}{suffix}").exists():
            n += 1
        return self.folder / f"{stamp}-{n:02d}{suffix}"

    def add(self, stream: BinaryIO, kind: str, limit: int) -> Path:
        """Keep an upload (``kind``: "xlsx" or "zip") as a new version, the one now in use."""
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            if kind == "xlsx":
                target = self._new_name(".xlsx")
                with open(target, "xb") as f:
                    shutil.copyfileobj(stream, f, CHUNK)
            else:
                target = self._new_name("")
                try:
                    _unpack(stream, target, limit)
                except BaseException:  # no half-unpacked version is left to be listed
                    shutil.rmtree(target, ignore_errors=True)
                    raise
            write_atomic(self.folder / POINTER,
                         lambda tmp: Path(tmp).write_text(target.name, encoding="utf-8"))
            return target


def _unpack(stream: BinaryIO, target: Path, limit: int) -> None:
    """The .csv files of a zip into ``target``, each under its sheet's own name (the names
    in the zip only choose the sheet), at most ``limit`` bytes unpacked in all."""
    sheets = {s.name.casefold(): s.name for s in SHEETS}
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError):
        raise KiemdiemError("Tệp .zip tải lên không đọc được: nén lại các tệp .csv của sổ "
                            "danh sách rồi tải lên lần nữa.") from None
    chosen = {}
    for info in archive.infolist():
        stem = Path(info.filename.replace("\\", "/")).name
        if info.is_dir() or not stem.casefold().endswith(".csv"):
            continue
        sheet = sheets.get(stem[:-4].casefold())
        if sheet is not None:
            chosen[sheet] = info
    if not chosen:
        raise KiemdiemError("Tệp .zip không có tệp .csv nào mang tên một sheet của sổ danh sách "
                            "(ToChuc.csv, DangVien.csv, …).")
    if sum(i.file_size for i in chosen.values()) > limit:
        raise KiemdiemError(f"Các tệp .csv trong .zip giải nén quá {limit // (1024 * 1024)} MB.")
    target.mkdir()
    for sheet, info in chosen.items():
        with archive.open(info) as src, open(target / f"{sheet}.csv", "xb") as dst:
            left = limit
            while chunk := src.read(CHUNK):  # the sizes a zip declares may lie
                left -= len(chunk)
                if left < 0:
                    raise KiemdiemError("Các tệp .csv trong .zip giải nén quá lớn.")
                dst.write(chunk)


class Rosters:
    """Rosters read and validated once per file state (path, size, time of change)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._cache: dict[Path, tuple[tuple, Roster]] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _state(path: Path) -> tuple:
        if path.is_dir():
            return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                                for p in path.iterdir()))
        st = path.stat()
        return st.st_size, st.st_mtime_ns

    def get(self, path: Path) -> Roster:
        """The roster of ``path``, validated; a missing or unreadable workbook raises."""
        with self._lock:
            state = self._state(path) if path.exists() else None
            hit = self._cache.get(path)
            if hit is not None and hit[0] == state:
                return hit[1]
            roster = api.load_roster(path, self.config)
            self._cache[path] = (state, roster)
            return roster
