"""Read a roster workbook into records, collecting every problem instead of stopping.

``load`` raises :class:`RosterError` only when the file cannot be read at all;
anything wrong inside a readable workbook becomes a :class:`Problem` in
``roster.problems`` with its sheet, Excel row and column, so the clerk sees
all of them in one run.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import python_calamine as pc

from ..config import ReadLimits
from ..errors import RosterError
from ..vn import count, detect_legacy_encoding, match_key
from . import models, schema
from . import sheets as rs
from .cells import excel_error_message, reader, text_of
from .header import is_blank, locate
from .models import CHI_BO, DANG_BO, Org, Place, Problem, Roster
from .schema import EXAMPLE_MARK, SHEETS, TO_CHUC, Sheet

# Sheet -> (record class, Roster attribute, fields without which no record is made).
# An org row lacking only its name or kind still makes an Org, so its members are
# not reported a second time as members of an unknown organisation.
_RECORDS: dict[str, tuple[type, str, tuple[str, ...]]] = {
    schema.TO_CHUC.name: (Org, "orgs", ("ma",)),
    schema.DANG_VIEN.name: (models.Member, "members", ("ma_to_chuc", "ho_ten")),
    schema.LICH_KIEM_DIEM.name: (models.Meeting, "meetings", ("ma_to_chuc", "ngay")),
    schema.XEP_LOAI.name: (models.OrgGrade, "grades", ("ma_to_chuc",)),
    schema.CAN_BO.name: (models.Staff, "staff", ("ho_ten",)),
    schema.KHEN_THUONG.name: (models.Award, "awards", ("ma_to_chuc", "thanh_tich")),
    schema.SO_VAN_BAN.name: (models.GivenNumber, "numbers", ("loai", "ma", "so")),
}


@dataclasses.dataclass
class _NumericCode:
    record: Any
    key: str
    sheet: str
    header: str
    row: int


def source_stamp(path: Path) -> tuple:
    """What a workbook is now, without reading it: its size and time, or a folder's .csv
    files' (a sheet rewritten in place changes no folder's own time)."""
    try:
        if path.is_dir():
            return tuple(sorted((p.name, p.stat().st_size, p.stat().st_mtime_ns)
                                for p in path.glob("*.csv")))
        st = path.stat()
    except OSError:
        return ("missing",)
    return (st.st_size, st.st_mtime_ns)


def load(path: Path, limits: ReadLimits | None = None) -> Roster:
    """Read ``path``: an .xlsx/.xlsm workbook, or a folder of ``<Sheet>.csv`` files.

    ``limits``: how much the file may inflate and how long a cell may be (the defaults of
    ``[gioi_han]`` when None).
    """
    path = Path(path)
    limits = limits or ReadLimits()
    problems: list[Problem] = []
    if path.is_dir():
        grids = _csv_grids(path, problems, limits)
    else:
        grids = _xlsx_grids(path, problems, limits)
    roster = Roster(source=str(path), problems=problems)
    numeric: list[_NumericCode] = []
    for sheet in SHEETS:
        grid = grids.get(sheet.name)
        if grid is None:
            if not sheet.optional:
                problems.append(Problem("error", Place(sheet.name), (
                    f"Thiếu sheet «{sheet.name}»; sổ cần có các sheet "
                    f"{', '.join(s.name for s in SHEETS if not s.optional)}. Thêm sheet "
                    f"«{sheet.name}» (chép từ sổ trống `kiemdiem init` tạo) hoặc đổi tên sheet "
                    "đang chứa danh sách ấy cho đúng; các lỗi khác sẽ hiện sau khi có nó.")))
            continue
        if grid.hidden:
            problems.append(Problem("warning", Place(sheet.name), (
                f"Sheet «{grid.name}» đang bị ẩn nhưng vẫn được đọc. Nếu là bản cũ, xóa nó; nếu "
                "là bản đang dùng, bỏ ẩn (chuột phải vào tên sheet → Unhide) để dễ kiểm tra.")))
        records = _read_sheet(grid, sheet, problems, numeric, limits.do_dai_o)
        getattr(roster, _RECORDS[sheet.name][1]).extend(records)
    _pad_codes(numeric, roster, problems)
    for org in roster.orgs:
        _derive_committee(org, problems)
    return roster


def _xlsx_grids(path: Path, problems: list[Problem], limits: ReadLimits
                ) -> dict[str, rs.Grid]:
    data = rs.read_workbook_bytes(path, limits)
    lock = rs.lock_file(path)
    if lock is not None:
        problems.append(Problem("warning", Place(path.name), (
            f"Sổ đang mở trong Excel (có tệp khóa «{lock.name}»): những sửa đổi chưa lưu sẽ "
            "không được đọc. Lưu sổ trong Excel trước; nếu Excel không mở, xóa tệp khóa đó.")))
    workbook, archive = rs.open_workbook(path, data, limits)
    with archive:
        try:
            parts = rs.sheet_parts(archive)
        except rs.ZIP_ERRORS:
            parts = {}  # calamine read the workbook; only the error-cell scan is lost
        found = [(m.name, m.visible != pc.SheetVisibleEnum.Visible)
                 for m in workbook.sheets_metadata if m.typ == pc.SheetTypeEnum.WorkSheet]
        chosen = _choose_sheets([name for name, _ in found], [h for _, h in found], problems,
                                path.name)
        hidden = dict(found)
        try:
            return {sheet: rs.xlsx_grid(workbook, archive, parts, name, hidden[name], path, limits)
                    for sheet, name in chosen.items()}
        except pc.CalamineError as exc:
            raise rs.unreadable(path, exc) from None
        except rs.ZIP_ERRORS:
            raise RosterError(f"«{path.name}» bị hỏng (một phần của tệp không giải nén được): "
                              "chép lại hoặc mở bằng Excel để sửa rồi lưu lại.") from None


def _csv_grids(folder: Path, problems: list[Problem], limits: ReadLimits
               ) -> dict[str, rs.Grid]:
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.casefold() == ".csv" and not p.name.startswith("~$"))
    if not files:
        raise RosterError(f"Thư mục «{folder}» không có tệp .csv nào (cần ToChuc.csv, "
                          "DangVien.csv…) và cũng không phải sổ Excel.")
    chosen = _choose_sheets([p.stem for p in files], [False] * len(files), problems, folder.name)
    by_stem = {p.stem: p for p in files}
    return {sheet: rs.csv_grid(by_stem[stem], problems, sheet, limits)
            for sheet, stem in chosen.items()}


def _choose_sheets(names: list[str], hidden: list[bool], problems: list[Problem],
                   source: str) -> dict[str, str]:
    """Schema sheet -> the sheet to read: the exact name, else the first visible look-alike."""
    chosen: dict[str, str] = {}
    for sheet in SHEETS:
        alike = [n for n in names if rs.sheet_key(n) == rs.sheet_key(sheet.name)]
        if not alike:
            continue
        alike.sort(key=lambda n: (n != sheet.name, hidden[names.index(n)]))
        chosen[sheet.name] = alike[0]
        for other in alike[1:]:
            problems.append(Problem("warning", Place(sheet.name), (
                f"Có nhiều sheet giống «{sheet.name}» trong «{source}»: đọc «{alike[0]}», "
                f"bỏ qua «{other}». Xóa hoặc đổi tên sheet thừa.")))
    return chosen


def _read_sheet(grid: rs.Grid, sheet: Sheet, problems: list[Problem],
                numeric: list[_NumericCode], max_cell: int) -> list[Any]:
    layout = locate(grid, sheet, problems)
    if layout is None:
        if not sheet.optional:
            problems.append(Problem("error", Place(sheet.name), (
                f"Sheet «{sheet.name}» trống: chưa có dòng tiêu đề và dữ liệu.")))
        return []
    cls, _, keys = _RECORDS[sheet.name]
    needs_value = {f.name for f in dataclasses.fields(cls)
                   if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    columns = [(col, span, reader(col)) for col, span in layout.columns]
    simple = all(len(span) == 1 for _, span, _ in columns)
    indexes = [span[0] for _, span, _ in columns]
    width = max(indexes, default=-1) + 1
    records, unread = [], []
    examples = []
    for i in range(layout.data_start, len(grid.rows)):
        row = grid.rows[i]
        # The blank workbook writes the mark after the last column, where data never is.
        if len(row) > width and any(cell.__class__ is str and cell.startswith(EXAMPLE_MARK)
                                    for cell in row[width:]):
            examples.append(i + 1)
            continue
        if simple and len(row) >= width:
            raws = [row[c] for c in indexes]
        else:
            raws = [_cell(row, span, col, problems, sheet.name, i) for col, span, _ in columns]
        flags = grid.flagged.get(i)
        if all(is_blank(raw) for raw in raws):
            if flags and any(c in flags for _, span, _ in columns for c in span):
                unread.append(i + 1)
            continue
        fields: dict[str, Any] = {}
        numbers: list[tuple[str, str]] = []  # codes typed into number cells
        for (col, span, read), raw in zip(columns, raws, strict=True):
            if flags and (flag := next((flags[c] for c in span if c in flags), None)) is not None:
                problems.append(Problem("error", Place(sheet.name, i + 1, col.header),
                                        excel_error_message(flag), flag or None))
                continue
            if raw.__class__ is str and len(raw) > max_cell:
                problems.append(Problem("error", Place(sheet.name, i + 1, col.header), (
                    f"Ô dài {len(raw)} ký tự, quá {max_cell} ký tự cho phép ([gioi_han] do_dai_o"
                    "); rút gọn nội dung ô."), raw[:40] + "…"))
                continue
            # blank-looking strings go through read(), which cleans them to ""
            value, issue = ("", None) if raw == "" or raw is None else read(raw)
            if issue is not None:
                problems.append(Problem(issue[0], Place(sheet.name, i + 1, col.header), issue[1],
                                        text_of(raw)))
            if value is None or value == "":
                if issue is None and col.required:
                    problems.append(Problem("error", Place(sheet.name, i + 1, col.header),
                                            f"Ô «{col.header}» đang để trống."))
                continue
            fields[col.key] = value
            if raw.__class__ in (int, float) and col.kind == "code":
                numbers.append((col.key, col.header))
        if any(k not in fields for k in keys):
            continue
        record = cls(**{k: "" for k in needs_value if k not in fields}, **fields, row=i + 1)
        numeric.extend(_NumericCode(record, k, sheet.name, h, i + 1) for k, h in numbers)
        records.append(record)
    for row_number in examples:
        problems.append(Problem("warning", Place(sheet.name, row_number), (
            "Dòng ví dụ của sổ trống (có ô «◄ DÒNG VÍ DỤ»): không dùng, không sinh văn bản. "
            "Sửa thành dữ liệu thật rồi xóa ô ấy, hoặc xóa cả dòng.")))
    if unread:
        problems.append(Problem("warning", Place(sheet.name, unread[0]), (
            f"{len(unread)} dòng chỉ có ô lỗi Excel hoặc công thức chưa tính (dòng "
            f"{_rows_text(unread)}) nên đã bỏ qua. Nếu đó là dữ liệu thật, sửa công thức.")))
    return records


def _cell(row: list[Any], span: list[int], col: Any, problems: list[Problem], sheet: str,
          i: int) -> Any:
    if len(span) == 1:
        c = span[0]
        return row[c] if c < len(row) else ""
    parts = [row[c] for c in span if c < len(row) and not is_blank(row[c])]
    if len(parts) <= 1:
        return parts[0] if parts else ""
    if col.kind in ("text", "name"):
        return " ".join(text_of(p) for p in parts)  # "Nguyễn Văn" | "An" under one merged header
    problems.append(Problem("error", Place(sheet, i + 1, col.header), (
        f"Cột «{col.header}» có tiêu đề gộp nhiều ô và dòng này có nhiều giá trị dưới nó; "
        "chỉ đọc giá trị đầu. Bỏ gộp ô tiêu đề và đặt tiêu đề riêng cho từng cột."),
        " | ".join(text_of(p) for p in parts)))
    return parts[0]


def _rows_text(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:5])
    return shown + (f" … và {len(rows) - 5} dòng khác" if len(rows) > 5 else "")


def _pad_codes(numeric: list[_NumericCode], roster: Roster, problems: list[Problem]) -> None:
    """Give back the leading zeros Excel dropped from codes typed into number cells.

    Only when the codes typed as text agree on one width and use leading zeros:
    then "1" can only have been "001". Otherwise the number is kept as it is.
    """
    # Organisation codes, and the document keys that name one; never a document's number.
    codes = _code_fields(roster)
    padded = {(id(r), k) for r, k in codes} | {(id(g), "ma") for g in roster.numbers}
    numeric = [n for n in numeric if (id(n.record), n.key) in padded]
    if not numeric:
        return
    marked = {(id(n.record), n.key) for n in numeric}
    typed = [getattr(r, k) for r, k in codes if (id(r), k) not in marked]
    widths = {len(v) for v in typed if v.isdigit()}
    if len(widths) != 1 or not any(t.startswith("0") for t in typed):
        return
    width = widths.pop()
    changed: dict[tuple[str, str], list[_NumericCode]] = {}
    for item in numeric:
        value = getattr(item.record, item.key)
        if value.isdigit() and len(value) < width:
            setattr(item.record, item.key, value.zfill(width))
            changed.setdefault((item.sheet, item.header), []).append(item)
    for (sheet, header), items in changed.items():
        first, n = items[0], count(len(items))
        problems.append(Problem("warning", Place(sheet, first.row, header), (
            f"{n} mã ở cột «{header}» là ô kiểu số nên Excel đã bỏ số 0 ở đầu (dòng "
            f"{_rows_text([it.row for it in items])}); đã đọc thành {width} chữ số như các mã "
            f"khác, ví dụ «{getattr(first.record, first.key)}». Định dạng cột là Văn bản (Text) "
            "và gõ lại mã cho chắc.")))


def _code_fields(roster: Roster) -> list[tuple[Any, str]]:
    out: list[tuple[Any, str]] = [(o, "ma") for o in roster.orgs]
    for records in (roster.members, roster.meetings, roster.grades, roster.awards):
        out.extend((r, "ma_to_chuc") for r in records)
    return out


def _derive_committee(org: Org, problems: list[Problem]) -> None:
    """Fill an empty Tên cấp ủy.

    "Đảng bộ X" -> "Ban Thường vụ Đảng ủy X"; "Chi bộ Y" -> "Chi ủy Chi bộ Y".
    """
    if org.ten_cap_uy or not org.ten or org.loai not in (DANG_BO, CHI_BO) \
            or detect_legacy_encoding(org.ten):  # already an error; do not build on it
        return
    words = org.ten.split(" ")
    head, rest = match_key(" ".join(words[:2])), " ".join(words[2:])
    is_dang_bo, is_chi_bo = head == match_key("Đảng bộ"), head == match_key("Chi bộ")
    if org.loai == DANG_BO:
        org.ten_cap_uy = "Ban Thường vụ Đảng ủy " + (rest if is_dang_bo else org.ten)
        expected, ok, other = "Đảng bộ", is_dang_bo, is_chi_bo
    else:
        org.ten_cap_uy = "Chi ủy " + (org.ten if is_chi_bo else "Chi bộ " + org.ten)
        expected, ok, other = "Chi bộ", is_chi_bo, is_dang_bo
    if ok:
        return
    why = (f"bắt đầu bằng «{' '.join(words[:2])}» mà Loại là «{org.loai}»: kiểm tra cột Loại"
           if other else f"không bắt đầu bằng «{expected}»")
    problems.append(Problem("warning", Place(TO_CHUC.name, org.row, "Tên cấp ủy"), (
        f"Tên tổ chức {why}; Tên cấp ủy đã tự ghép thành «{org.ten_cap_uy}». "
        "Kiểm tra lại hoặc điền cột Tên cấp ủy."), org.ten))
