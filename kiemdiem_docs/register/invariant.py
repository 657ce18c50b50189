"""The register's invariant, checked against the disk: what the book says is what is there.

Every row's file exists with the bytes its hash names (each PDF, where one is recorded,
exists too), a redline's as a document's, no file is held by two rows, and no file move
is left unfinished.
"""

from __future__ import annotations

from pathlib import Path

from ..atomic import file_sha256
from .store import Register


def verify(register: Register, out: Path) -> list[str]:
    """Every breach of the invariant, in Vietnamese, one line each; empty when it holds.

    ``out``: the output folder the rows' paths are relative to.
    """
    problems: list[str] = []
    owners: dict[str, str] = {}
    entries = {e.id: e for e in register.entries()}
    files = [(f"{e.kind} «{e.key}» lần {e.revision}", e.docx, e.file_hash, e.pdf)
             for e in entries.values()]
    for r in register.redlines():
        e = entries[r.new_id]
        files.append((f"bản thể hiện thay đổi của {e.kind} «{e.key}» lần {e.revision}", r.docx,
                      r.file_hash, r.pdf))
    for what, docx, file_hash, pdf in files:
        for rel, sha in ((docx, file_hash), (pdf, None)):
            if rel is None:
                continue
            other = owners.setdefault(rel, what)
            if other != what:
                problems.append(f"{rel}: hai dòng của sổ cùng giữ tệp này ({other} và {what}).")
            path = out / rel
            if not path.is_file():
                problems.append(f"{rel}: không có tệp của {what}.")
            elif sha is not None and file_sha256(path) != sha:
                problems.append(f"{rel}: tệp đã bị sửa, không còn đúng bản {what} đã đăng ký.")
    pending = register.pending_moves(out)
    if pending:
        problems.append(f"Còn {len(pending)} lần chuyển tệp dở dang: chạy lại `kiemdiem build` "
                        "để hoàn tất.")
    return problems
