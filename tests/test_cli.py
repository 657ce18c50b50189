"""The command line: exact output, exit codes, and every command in the README."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from click.testing import CliRunner
from conftest import REPO, SAMPLE

from kiemdiem_docs.cli import cli
from kiemdiem_docs.roster import write_roster


def run(*args: str):
    return CliRunner().invoke(cli, list(args), obj={})


def small_roster(path, **extra):
    sheets = {
        "ToChuc": [
            {"ma": "001", "ten": "Đảng bộ Công ty Cổ phần Dệt Nam Định", "loai": "Đảng bộ cơ sở",
             "cum": "1", "bi_thu": "Trần Văn Bình"},
            {"ma": "002", "ten": "Chi bộ Trường Cao đẳng Nghề", "loai": "Chi bộ cơ sở",
             "cum": "1", "bi_thu": "Lê Thị Hoa"},
        ],
        "DangVien": [
            {"ma_to_chuc": "001", "ho_ten": "Nguyễn Văn An", "ngay_sinh": dt.date(1980, 1, 2),
             "chuc_vu": "Phó Bí thư Đảng ủy"},
            {"ma_to_chuc": "002", "ho_ten": "Phạm Thị Bích", "ngay_sinh": dt.date(1985, 3, 4)},
        ],
        "CanBo": [{"ho_ten": "Nguyễn Tài Sơn", "chuc_vu": "Phó Bí thư Đảng ủy Khối",
                   "cum_phu_trach": "1"}],
    }
    sheets.update(extra)
    write_roster(path, sheets)
    return path


def documented_commands() -> set[str]:
    readme = (REPO / "README.md").read_text("utf-8")
    return set(re.findall(r"^\s*kiemdiem ([a-z-]+)", readme, re.M))


def test_every_command_is_documented():
    assert set(cli.commands) <= documented_commands()


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command):
    result = run(command, "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Cách dùng: cli {command} ")
    first_line = cli.commands[command].help.splitlines()[0]
    assert first_line.split("(")[0].strip() in " ".join(result.output.split())


def test_the_group_help_lists_every_command():
    result = run("--help")
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.split("Lệnh:")[1].splitlines()
              if line.strip()}
    assert listed == set(cli.commands)


def test_version():
    assert run("--version").output == "kiemdiem, phiên bản 0.1.0\n"


def test_validate_sample_exits_zero():
    result = run("-w", str(REPO), "validate")
    assert result.exit_code == 0, result.output
    assert result.output == "14 tổ chức, 340 đảng viên, 14 cuộc kiểm điểm: 0 lỗi, 0 cảnh báo.\n"


def test_validate_reports_place_and_exits_one(tmp_path):
    book = small_roster(tmp_path / "ds.xlsx", DangVien=[
        {"ma_to_chuc": "009", "ho_ten": "Nguyễn Văn An"}])
    result = run("validate", str(book))
    assert result.exit_code == 1
    assert result.output == (
        "Cảnh báo [sheet ToChuc, dòng 2, cột Mã] (giá trị: «001»): Tổ chức «001» (Đảng bộ Công "
        "ty Cổ phần Dệt Nam Định) chưa có đảng viên nào trong sheet DangVien.\n"
        "Cảnh báo [sheet ToChuc, dòng 3, cột Mã] (giá trị: «002»): Tổ chức «002» (Chi bộ "
        "Trường Cao đẳng Nghề) chưa có đảng viên nào trong sheet DangVien.\n"
        "Lỗi [sheet DangVien, dòng 2, cột Mã tổ chức] (giá trị: «009»): Không có tổ chức mã "
        "«009» trong sheet ToChuc.\n"
        "2 tổ chức, 1 đảng viên, 0 cuộc kiểm điểm: 1 lỗi, 2 cảnh báo.\n")


def test_validate_json(tmp_path):
    book = small_roster(tmp_path / "ds.xlsx", DangVien=[
        {"ma_to_chuc": "009", "ho_ten": "Nguyễn Văn An"}])
    result = run("validate", "--json", str(book))
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["errors"], data["warnings"]) == (1, 2)
    assert data["problems"][2] == {
        "level": "error", "sheet": "DangVien", "row": 2, "column": "Mã tổ chức",
        "value": "009", "message": "Không có tổ chức mã «009» trong sheet ToChuc."}
    assert json.loads(run("validate", "--json", str(SAMPLE)).output)["errors"] == 0


def test_no_workspace_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("build")
    assert result.exit_code == 1
    assert result.output == (
        "Lỗi: Không tìm thấy kiemdiem.toml ở thư mục này hay thư mục cha. Chạy `kiemdiem "
        "init THƯ_MỤC` để tạo không gian làm việc, hoặc dùng -w THƯ_MỤC.\n")


def test_init_writes_the_workspace_and_refuses_to_overwrite_it(tmp_path):
    ws = tmp_path / "dot"
    result = run("init", "--nam", "2024", str(ws))
    assert result.exit_code == 0, result.output
    templates = sorted(p.name for p in (REPO / "kiemdiem_docs" / "templates").glob("*.docx"))
    assert result.output == "".join(
        [f"Đã tạo {ws / 'kiemdiem.toml'}\n", f"Đã tạo {ws / 'data' / 'danh-sach.xlsx'}\n"]
        + [f"Đã tạo {ws / 'templates' / name}\n" for name in templates]
        + ["Đợt 2024: bộ quy định 124-2023, bộ thể thức hd36-2018.\n"]
        + [f"Điền danh sách vào {ws / 'data' / 'danh-sach.xlsx'}, rồi chạy `kiemdiem validate` "
           "và `kiemdiem build` trong thư mục đó.\n"])
    again = run("init", "--nam", "2024", str(ws))
    assert again.exit_code == 1
    assert again.output == (f"Lỗi: {ws} đã là không gian làm việc (kiemdiem.toml đã có). Dùng "
                            "--force để ghi đè cấu hình, sổ danh sách và mẫu.\n")


def test_init_for_a_year_names_its_packs_and_the_build_asks_for_the_placeholders(tmp_path):
    ws = tmp_path / "dot"
    result = run("init", "--nam", "2026", str(ws))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-3:] == [
        "Đợt 2026: bộ quy định 366-2025, bộ thể thức hd05-2026.",
        f"Điền các chỗ «điền: …» trong {ws / 'kiemdiem.toml'} (ngày, hạn, căn cứ, tên cơ quan).",
        f"Điền danh sách vào {ws / 'data' / 'danh-sach.xlsx'}, rồi chạy `kiemdiem validate` "
        "và `kiemdiem build` trong thư mục đó."]
    built = run("-w", str(ws), "build", "--no-pdf")
    assert built.exit_code == 1
    assert built.output.startswith("Lỗi: kiemdiem.toml còn 10 chỗ chưa điền: [co_quan] cap_tren")
    assert not (ws / "output" / "2026").exists()


def test_check_names_an_unknown_format_pack(tmp_path):
    result = run("check", "--the-thuc", "hd99", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == ("Lỗi: Không có bộ thể thức «hd99»; có: hd05-2026, "
                             "hd36-2018.\n")


SKIPS = [
    "Bỏ qua Giấy mời: chưa có lịch kiểm điểm (sheet LichKiemDiem trống).",
    "Bỏ qua Thông báo lịch kiểm điểm: chưa có lịch kiểm điểm (sheet LichKiemDiem trống).",
    "Bỏ qua Quyết định xếp loại tổ chức cơ sở đảng: chưa có kết quả xếp loại (sheet XepLoai "
    "trống).",
    "Bỏ qua Quyết định xếp loại đảng viên: chưa có đảng bộ cơ sở nào xếp loại xong mọi đảng "
    "viên (01 đảng bộ còn đảng viên chưa có «Xếp loại» ở sheet DangVien).",
    "Bỏ qua Quyết định khen thưởng: chưa có kết quả xếp loại (sheet XepLoai trống).",
    "Bỏ qua Giấy khen: chưa có kết quả xếp loại (sheet XepLoai trống).",
    "Bỏ qua Báo cáo kết quả kiểm điểm, xếp loại: chưa có kết quả xếp loại (sheet XepLoai "
    "trống).",
]


def test_build_register_and_check(tmp_path):
    ws = tmp_path / "dot"
    run("init", "--nam", "2024", str(ws))
    small_roster(ws / "data" / "danh-sach.xlsx")
    built = run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf")
    assert built.exit_code == 0, built.output
    folder = ws / "output" / "2024"
    assert built.stdout.splitlines() == [
        "Công văn: 2 mới", "Biên bản hội nghị kiểm điểm: 2 mới", *SKIPS,
        "PDF: 0 tệp; bản in gộp: 0; gói gửi tổ chức: 2.",
        f"Xong: 4 mới, 0 ban hành lại, 0 không đổi, 7 loại bỏ qua, 0 cảnh báo; thư mục {folder}."]
    again = run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf")
    assert again.stdout.splitlines() == [
        "Công văn: 2 không đổi", "Biên bản hội nghị kiểm điểm: 2 không đổi", *SKIPS,
        f"Xong: 0 mới, 0 ban hành lại, 4 không đổi, 7 loại bỏ qua, 0 cảnh báo; thư mục {folder}."]
    book = run("-w", str(ws), "register")
    assert book.exit_code == 0
    assert book.output == (
        "821-CV/ĐUK | 08/11/2024 | Công văn | 001 | Ban Thường vụ Đảng ủy Công ty Cổ phần Dệt "
        "Nam Định | 1 | hiện hành |  | 2024/cong-van/001_dang-bo-cong-ty-co-phan-det-nam-dinh"
        ".docx\n"
        "822-CV/ĐUK | 08/11/2024 | Công văn | 002 | Chi ủy Chi bộ Trường Cao đẳng Nghề | 1 | "
        "hiện hành |  | 2024/cong-van/002_chi-bo-truong-cao-dang-nghe.docx\n"
        "(để trống)-BB/ĐU |  | Biên bản hội nghị kiểm điểm | 001 | Đảng bộ Công ty Cổ phần Dệt "
        "Nam Định | 1 | hiện hành |  | 2024/bien-ban/001_dang-bo-cong-ty-co-phan-det-nam-dinh"
        ".docx\n"
        "(để trống)-BB/CB |  | Biên bản hội nghị kiểm điểm | 002 | Chi bộ Trường Cao đẳng Nghề "
        "| 1 | hiện hành |  | 2024/bien-ban/002_chi-bo-truong-cao-dang-nghe.docx\n"
        "4 văn bản.\n")
    checked = run("-w", str(ws), "check", str(ws / "output"))
    assert checked.exit_code == 0, checked.output
    assert checked.output == "4 tệp, 0 tệp sai thể thức.\n"
    # Superseded revisions below a folder are passed over; a folder named cu itself is not.
    letters = sorted((folder / "cong-van").glob("*.docx"))
    old = folder / "cong-van" / "cu"
    old.mkdir()
    letters[0].rename(old / letters[0].name)
    assert run("check", str(ws / "output")).output == "3 tệp, 0 tệp sai thể thức.\n"
    assert run("check", str(old)).output == "1 tệp, 0 tệp sai thể thức.\n"


def test_register_before_any_build_is_a_clear_error(tmp_path):
    ws = tmp_path / "dot"
    run("init", "--nam", "2024", str(ws))
    result = run("-w", str(ws), "register")
    assert result.exit_code == 1
    assert result.output == "Lỗi: Chưa có sổ đăng ký: chạy `kiemdiem build` trước.\n"


def test_check_flags_a_broken_document(tmp_path):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a docx")
    result = run("check", str(bad))
    assert result.exit_code == 1
    assert result.output == (
        f"{bad}: x.docx: không đọc được như một tệp Word .docx (PackageNotFoundError: Package "
        f"not found at '{bad}')\n1 tệp, 1 tệp sai thể thức.\n")


@pytest.mark.parametrize("kind", ["cong-van", "giay-moi", "thong-bao-lich", "bao-cao-ket-qua"])
def test_check_template_accepts_the_builtin(kind):
    from kiemdiem_docs.render import builtin_template

    result = run("check-template", str(builtin_template(f"{kind}.docx")), "--kind", kind)
    assert result.exit_code == 0, result.output
    assert result.output == f"Mẫu {kind}.docx hợp với loại {kind}.\n"


def _rewritten(src, dst, change) -> None:
    """``src`` (a .docx) at ``dst`` with its parts as ``change(parts)`` leaves them."""
    import zipfile

    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    change(parts)
    with zipfile.ZipFile(dst, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def _renamed_picture(parts: dict) -> None:  # as Word's selection pane renames it
    parts["word/document.xml"] = parts["word/document.xml"].replace(
        b'name="bieu-do"', b'name="Picture 1"')


def _jpeg_picture(parts: dict) -> None:  # as «Change Picture» with a photo leaves it
    parts["word/media/image1.jpeg"] = parts.pop("word/media/image1.png")
    rels = "word/_rels/document.xml.rels"
    parts[rels] = parts[rels].replace(b"media/image1.png", b"media/image1.jpeg")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"<Default ", b'<Default Extension="jpeg" ContentType="image/jpeg"/><Default ', 1)


@pytest.mark.parametrize("change", [_renamed_picture, _jpeg_picture])
def test_check_template_warns_of_a_report_without_its_chart(tmp_path, change):
    from kiemdiem_docs.render import builtin_template

    changed = tmp_path / "bao-cao-ket-qua.docx"
    _rewritten(builtin_template("bao-cao-ket-qua.docx"), changed, change)
    result = run("check-template", str(changed))
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Cảnh báo: mẫu không còn ảnh PNG tên «bieu-do», nên văn bản sẽ không có ảnh ấy (biểu "
        "đồ). Muốn có: chép ảnh ấy từ mẫu có sẵn, hoặc đặt lại tên ảnh trong Word (Trang đầu "
        "› Chọn › Ngăn Lựa chọn).\nMẫu bao-cao-ket-qua.docx hợp với loại bao-cao-ket-qua.\n")


def test_check_template_refuses_what_is_not_a_template(tmp_path):
    bad = tmp_path / "mau.docx"
    bad.write_bytes(b"not a docx")
    result = run("check-template", str(bad), "--kind", "cong-van")
    assert result.exit_code == 1
    assert result.output == (f"mau.docx: không mở được như mẫu Word .docx (Package not found at "
                             f"'{bad}')\nMẫu mau.docx có 1 vấn đề.\n")


def test_register_verify_finds_a_lost_archive_file(tmp_path):
    ws = tmp_path / "dot"
    run("init", "--nam", "2024", str(ws))
    small_roster(ws / "data" / "danh-sach.xlsx")
    run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf")
    ok = run("-w", str(ws), "register", "--verify")
    assert (ok.exit_code, ok.output) == (0, "Sổ đăng ký: 0 chỗ không khớp với các tệp.\n")
    letter = ws / "output" / "2024" / "cong-van" / "001_dang-bo-cong-ty-co-phan-det-nam-dinh.docx"
    letter.write_bytes(b"edited")
    bad = run("-w", str(ws), "register", "--verify")
    assert bad.exit_code == 1
    assert bad.output == (
        "2024/cong-van/001_dang-bo-cong-ty-co-phan-det-nam-dinh.docx: tệp đã bị sửa, không còn "
        "đúng bản cong-van «001» lần 1 đã đăng ký.\n"
        "Sổ đăng ký: 1 chỗ không khớp với các tệp.\n")


def written(ws) -> dict:
    """Every file of the workspace but the workbook and the lock (whose holder line says
    who last took it)."""
    return {p: p.read_bytes() for p in ws.rglob("*") if p.is_file() and "data" not in p.parts
            and not p.name.endswith(".lock")}


def _built(tmp_path):
    ws = tmp_path / "dot"
    run("init", "--nam", "2024", str(ws))
    small_roster(ws / "data" / "danh-sach.xlsx")
    assert run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf").exit_code == 0
    return ws


def _renamed(ws):
    small_roster(ws / "data" / "danh-sach.xlsx", ToChuc=[
        {"ma": "001", "ten": "Đảng bộ Công ty Cổ phần Dệt may Nam Định", "loai": "Đảng bộ cơ sở",
         "cum": "1", "bi_thu": "Trần Văn Bình"},
        {"ma": "002", "ten": "Chi bộ Trường Cao đẳng Nghề", "loai": "Chi bộ cơ sở",
         "cum": "1", "bi_thu": "Lê Thị Hoa"}])


def test_a_correction_without_a_reason_lists_the_changes_and_writes_nothing(tmp_path):
    ws = _built(tmp_path)
    _renamed(ws)
    before = written(ws)
    result = run("-w", str(ws), "build", "--ngay", "20/11/2024", "--no-pdf")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == ("Ban hành lại: Công văn «001», số 821-CV/ĐUK, Ban Thường vụ Đảng ủy Công "
                        "ty Cổ phần Dệt may Nam Định")
    assert "    org.ten: «Đảng bộ Công ty Cổ phần Dệt Nam Định» → «Đảng bộ Công ty Cổ phần Dệt "\
           "may Nam Định»" in lines
    assert any(line.startswith("Ban hành lại: Biên bản hội nghị kiểm điểm «001»") for line in lines)
    assert lines[-1].startswith("Lỗi: Lần chạy này sẽ ban hành lại hoặc thu hồi 2 văn bản")
    after = written(ws)
    assert after == before


def test_dry_run_says_what_would_change_and_writes_nothing(tmp_path):
    ws = _built(tmp_path)
    _renamed(ws)
    before = written(ws)
    result = run("-w", str(ws), "build", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == ("Chạy thử: sẽ có 0 mới, 2 ban hành lại, 0 thu hồi, "
                                              "2 không đổi; chưa ghi gì.")
    after = written(ws)
    assert after == before
    fresh = tmp_path / "fresh"
    run("init", "--nam", "2024", str(fresh))
    small_roster(fresh / "data" / "danh-sach.xlsx")
    first = run("-w", str(fresh), "build", "--dry-run", "--ngay", "20/11/2024")
    assert first.output.splitlines()[-1].startswith("Chạy thử: sẽ có 4 mới")
    assert not (fresh / "so-dang-ky.sqlite").exists() and not list((fresh / "output").iterdir())


def test_the_summary_names_each_document_to_send_again(tmp_path):
    ws = _built(tmp_path)
    _renamed(ws)
    result = run("-w", str(ws), "build", "--no-pdf", "--reason", "Sửa tên tổ chức")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert ("Ban hành lại: Công văn «001», số 821-CV/ĐUK, Ban Thường vụ Đảng ủy Công ty Cổ phần "
            "Dệt may Nam Định") in lines
    assert lines[-1].startswith("Xong: 0 mới, 2 ban hành lại, 2 không đổi")


def test_reissue_of_an_unknown_document_suggests_the_nearest(tmp_path):
    ws = _built(tmp_path)
    result = run("-w", str(ws), "reissue", "cong-van", "0001", "--reason", "x", "--no-pdf")
    assert result.exit_code == 1
    assert result.output.endswith("Lỗi: Không có công văn mã «0001» để ban hành lại. Có phải: "
                                  "001, 002? Mã là cột «Mã» của `kiemdiem register`.\n")


def test_reissue_of_an_unknown_kind_suggests_the_nearest(tmp_path):
    ws = _built(tmp_path)
    result = run("-w", str(ws), "reissue", "cong_van", "001", "--reason", "x")
    assert result.exit_code == 1
    assert result.output.startswith("Lỗi: Không có loại văn bản «cong_van». Có phải: cong-van")


def test_dry_run_finishes_no_journaled_move(tmp_path):
    """A dry run plans on a copy of the register: what a killed build left stays for the
    next real command."""
    import sqlite3

    ws = _built(tmp_path)
    register = ws / "so-dang-ky.sqlite"
    db = sqlite3.connect(register)
    db.execute("INSERT INTO journal (src, dst, sha256) VALUES ('2024/a.tmp', '2024/b', NULL)")
    db.commit()
    db.close()
    (ws / "output" / "2024" / "a.tmp").write_bytes(b"x")
    before = register.read_bytes()
    assert run("-w", str(ws), "build", "--dry-run").exit_code == 0
    assert register.read_bytes() == before and (ws / "output" / "2024" / "a.tmp").is_file()


def test_reissue_refuses_what_cannot_be(tmp_path):
    ws = _built(tmp_path)
    no_number = run("-w", str(ws), "reissue", "giay-khen", "x", "--reason", "x", "--new-number")
    assert no_number.exit_code == 1
    assert no_number.output.startswith("Lỗi: Giấy khen không có số riêng")
    early = run("-w", str(ws), "reissue", "cong-van", "001", "--reason", "Thay thế",
                "--new-number", "--ngay", "01/01/2020", "--no-pdf")
    assert early.exit_code == 1
    assert "Văn bản thay thế không thể ký ngày 01/01/2020, trước văn bản số 821-CV/ĐUK" in \
        early.output


def test_an_unforeseen_fault_is_one_line_and_a_log(tmp_path, monkeypatch):
    import subprocess
    import sys

    ws = _built(tmp_path)
    code = ("import kiemdiem_docs.cli as c, kiemdiem_docs.book as b\n"
            "def boom(*a, **k): raise ZeroDivisionError('x')\n"
            "b.read_book = boom\n"
            f"import sys; sys.argv = ['kiemdiem', '-w', {str(ws)!r}, 'register']\n"
            "c.main()\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, env={**__import__("os").environ, "TMPDIR": str(tmp_path)})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("Lỗi: gặp sự cố không lường trước")
    assert "ZeroDivisionError" in (tmp_path / "kiemdiem-loi.txt").read_text("utf-8")
