"""The report's statistical annex as a workbook: one sheet per table, its title above
its headers, the figures as numbers (shares as percents with one decimal).

The tables come as plain data (what the register records of the report), so an annex
missing or edited by hand is written again from the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..atomic import write_atomic

if TYPE_CHECKING:
    import pandas as pd

Table = Mapping[str, object]  # {"ten": sheet name, "tieu_de": title, "cot": [...], "dong": [[...]]}
SHEET_NAME = 31  # Excel's longest sheet name


def frame(table: Table) -> pd.DataFrame:
    import pandas as pd  # only when an annex is written: every command imports the kinds

    return pd.DataFrame([list(r) for r in table["dong"]], columns=list(table["cot"]))


def write_annex(tables: Sequence[Table], target: Path, *, issued: dt.date | None,
                title: str) -> None:
    """Write the annex at ``target``, atomically; dated ``issued`` (the report's date)."""
    import pandas as pd
    from openpyxl.styles import Alignment, Font

    def save(tmp: Path) -> None:
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            used: set[str] = set()
            for table in tables:
                name = _sheet_name(str(table["ten"]), used)
                frame(table).to_excel(writer, sheet_name=name, index=False, startrow=1)
                sheet = writer.sheets[name]
                for row in sheet.iter_rows(min_row=3):
                    for cell in row:
                        if cell.data_type == "f":  # a workbook's «=…» is text, never a formula
                            cell.data_type = "s"
                sheet["A1"] = str(table["tieu_de"])
                sheet["A1"].font = Font(bold=True, size=13)
                for cell in sheet[2]:
                    cell.font = Font(bold=True)
                    cell.alignment = Alignment(wrap_text=True, vertical="center",
                                               horizontal="center")
                sheet.freeze_panes = "B3"
                for i, column in enumerate(table["cot"]):
                    width = max([len(str(column)) // 2 + 2, 10] +
                                [len(str(r[i])) + 2 for r in table["dong"]])
                    sheet.column_dimensions[sheet.cell(2, i + 1).column_letter].width = \
                        min(width, 48)
            props = writer.book.properties
            stamp = dt.datetime.combine(issued or dt.date(2000, 1, 1), dt.time(0))
            props.created = props.modified = stamp  # the report's, not the clock's
            props.creator, props.title = "kiemdiem-docs", title

    write_atomic(target, save)


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel refuses these in a sheet's name, and two sheets of one name.
    clean = "".join(" " if c in "[]:*?/\\" else c for c in name).strip()[:SHEET_NAME] or "Bảng"
    out, n = clean, 2
    while out.casefold() in used:
        suffix = f" ({n})"
        out, n = clean[:SHEET_NAME - len(suffix)] + suffix, n + 1
    used.add(out.casefold())
    return out
