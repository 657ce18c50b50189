"""A build says how far it is, phase by phase: the documents, their PDFs, the bundles and
packs, each with its own name, so an adapter can show a bar per phase."""

from __future__ import annotations

import datetime as dt

from conftest import BUILD_DAY, BUILD_TIME, load, make_config
from docutil import BlankPdfs

from kiemdiem_docs import Phase
from kiemdiem_docs.api import build
from kiemdiem_docs.roster import write_roster


def roster(path):
    write_roster(path, {
        "ToChuc": [{"ma": f"00{i}", "ten": f"Chi bộ Trường số {i}", "loai": "Chi bộ cơ sở",
                    "cum": "1", "bi_thu": "Lê Thị Hoa"} for i in (1, 2)],
        "DangVien": [{"ma_to_chuc": f"00{i}", "ho_ten": "Nguyễn Văn An",
                      "ngay_sinh": dt.date(1980, 1, i)} for i in (1, 2)],
        "CanBo": [{"ho_ten": "Nguyễn Tài Sơn", "chuc_vu": "Phó Bí thư", "cum_phu_trach": "1"}]})
    return load(path)


def test_each_phase_is_reported_by_name_and_counted_to_its_end(tmp_path):
    cfg = make_config(tmp_path)
    calls: list[tuple[Phase, int, int]] = []
    summary = build(cfg, roster(tmp_path / "ds.xlsx"), today=BUILD_DAY, now=BUILD_TIME,
                    converter=BlankPdfs(), progress=lambda *call: calls.append(call))
    docs, made = len(summary.results), len(summary.extras.bundles) + len(summary.extras.packs)
    assert (docs, summary.extras.pdfs, made) == (4, 4, 4)  # 2 letters, 2 minutes; 2+2 made
    assert calls == ([(Phase.RENDER, n, docs) for n in range(1, docs + 1)]
                     + [(Phase.PDF, n, docs) for n in range(1, docs + 1)]
                     + [(Phase.BUNDLE, n, made) for n in range(1, made + 1)])
    assert [p.label for p in Phase] == ["Đang sinh văn bản", "Đang chuyển sang PDF",
                                        "Đang gộp bản in và gói gửi tổ chức"]
    again: list = []
    build(cfg, roster(tmp_path / "ds.xlsx"), today=BUILD_DAY, now=BUILD_TIME,
          converter=BlankPdfs(), progress=lambda *call: again.append(call))
    assert again == []  # nothing to do in any phase: no bar at all


def test_the_command_line_shows_a_bar_per_phase_under_its_name(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from kiemdiem_docs import pdf
    from kiemdiem_docs.cli import cli

    ws = tmp_path / "dot"
    runner = CliRunner()
    runner.invoke(cli, ["init", "--nam", "2024", str(ws)], obj={})
    roster(ws / "data" / "danh-sach.xlsx")
    monkeypatch.setattr(pdf, "converter_for", lambda settings, wanted: (BlankPdfs(), None))
    result = runner.invoke(cli, ["-w", str(ws), "build", "--ngay", "20/11/2024"], obj={})
    assert result.exit_code == 0, result.output
    shown = [line.split("  ")[0] for line in result.stderr.splitlines() if line.strip()]
    assert shown == [p.label for p in Phase]
