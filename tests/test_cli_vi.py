"""The command line speaks Vietnamese, click's own words included: help, usage errors,
and the kind of a template told by its file name."""

from __future__ import annotations

import ast
import pathlib

import click
import pytest
from click.testing import CliRunner
from conftest import REPO

from kiemdiem_docs import cli_vi
from kiemdiem_docs.cli import KIND_KEYS, cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), obj={})


def usage(command: str, pieces: str) -> str:
    return (f"Cách dùng: cli {command} {pieces}\n"
            f"Gõ «cli {command} --help» để xem cách dùng.\n\n")


ENGLISH = ["Usage", "Options", "Commands", "Show this message", "Show the version", "Error",
           "Missing", "Invalid", "[required]", "default", "Arguments", "OPTIONS", "COMMAND",
           "TEXT", "PATH", "FILE", "DIRECTORY", "INTEGER"]


@pytest.mark.parametrize("command", [None, *sorted(cli.commands)])
def test_help_has_no_english_word_of_click(command):
    result = run(*([command] if command else []), "--help")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Cách dùng: cli ")
    assert "Tùy chọn:\n" in result.output
    assert "--help" in result.output and "Hiện trợ giúp này rồi thoát." in result.output
    assert [w for w in ENGLISH if w in result.output] == []


def test_a_required_option_is_said_required_in_vietnamese():
    @click.command(cls=cli_vi.Command)
    @click.option("--ten", required=True, cls=cli_vi.Option, metavar="TÊN", help="Tên.")
    @click.option("--so", default=3, show_default=True, cls=cli_vi.Option, metavar="SỐ",
                  help="Số.")
    def command(ten: str, so: int) -> None:
        pass

    out = CliRunner().invoke(command, ["--help"]).output
    assert "  --ten TÊN  Tên.  [bắt buộc]\n" in out and "  --so SỐ    Số.  [mặc định: 3]\n" in out


def test_a_missing_required_option():
    result = run("reissue", "cong-van", "001")
    assert result.exit_code == 2
    assert result.output == (usage("reissue", "[TÙY_CHỌN] LOẠI MÃ")
                             + "Lỗi: Thiếu tùy chọn «--reason».\n")


def test_a_missing_argument():
    result = run("reissue")
    assert result.exit_code == 2
    assert result.output == usage("reissue", "[TÙY_CHỌN] LOẠI MÃ") + "Lỗi: Thiếu đối số «LOẠI».\n"


def test_an_invalid_choice_suggests_the_close_one():
    result = run("build", "--kind", "congvan")
    assert result.exit_code == 2
    assert result.output == usage("build", "[TÙY_CHỌN]") + (
        "Lỗi: Giá trị không hợp lệ cho «--kind»: «congvan» không phải một trong: "
        + ", ".join(KIND_KEYS) + ". Có phải «cong-van»?\n")


def test_an_invalid_choice_with_no_close_one_has_no_guess():
    result = run("register", "--kind", "xyz")
    assert result.exit_code == 2
    assert result.output.endswith(f"không phải một trong: {', '.join(KIND_KEYS)}.\n")


def test_an_unknown_command():
    result = run("buld")
    assert result.exit_code == 2
    assert result.output == ("Cách dùng: cli [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]...\n"
                             "Gõ «cli --help» để xem cách dùng.\n\n"
                             "Lỗi: Không có lệnh «buld». Có phải «build»?\n")
    assert run("xyz").output.endswith("Lỗi: Không có lệnh «xyz».\n")


def test_an_unknown_option():
    result = run("build", "--kin", "cong-van")
    assert result.exit_code == 2
    assert result.output == usage("build", "[TÙY_CHỌN]") + (
        "Lỗi: Không có tùy chọn «--kin». Có phải «--kind»?\n")


def test_an_option_without_its_value():
    result = run("build", "--only")
    assert result.exit_code == 2
    assert result.output == "Lỗi: Tùy chọn «--only» cần giá trị.\n"  # click gives no usage here


def test_an_extra_argument(tmp_path):
    result = run("init", str(tmp_path / "a"), "b")
    assert result.exit_code == 2
    assert result.output == usage("init", "[TÙY_CHỌN] THƯ_MỤC") + "Lỗi: Thừa đối số: b.\n"


def test_a_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "khong-co"
    result = run("check", str(missing))
    assert result.exit_code == 2
    assert result.output == usage("check", "[TÙY_CHỌN] ĐƯỜNG_DẪN...") + (
        f"Lỗi: Giá trị không hợp lệ cho «ĐƯỜNG_DẪN»: Không tìm thấy «{missing}».\n")
    folder = run("check-template", str(tmp_path))
    assert folder.output.endswith(
        f"Lỗi: Giá trị không hợp lệ cho «TỆP»: «{tmp_path}» là một thư mục, không phải tệp.\n")


def test_a_date_that_is_not_one():
    result = run("build", "--ngay", "2024-11-20")
    assert result.exit_code == 2
    assert result.output.endswith("Lỗi: Giá trị không hợp lệ cho «--ngay»: «2024-11-20» không "
                                  "phải ngày dd/mm/yyyy.\n")


# click's sentences no user meets: the programmer's mistakes, and the shell completion
# scripts (written for a shell, not shown to a clerk).
NOT_SHOWN = {
    "Name '{name}' defined twice",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Shell completion is not supported for Bash versions older than 4.4.",
    "Couldn't detect Bash version, shell completion is not supported.",
    "Windows error: {error}",
}


def click_sentences() -> tuple[set[str], set[str]]:
    """Every sentence click's source marks for translation: (gettext's, ngettext's singular)."""
    single, plural = set(), set()
    for path in pathlib.Path(click.__file__).parent.glob("*.py"):
        if path.name == "testing.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args \
                    and isinstance(node.args[0], ast.Constant):
                if node.func.id == "_":
                    single.add(node.args[0].value)
                elif node.func.id == "ngettext":
                    plural.add(node.args[0].value)
    return single - NOT_SHOWN, plural - NOT_SHOWN


def test_the_catalog_has_every_sentence_of_click():
    single, plural = click_sentences()
    assert len(single) > 50 and len(plural) > 5  # the source was read
    assert sorted(single - set(cli_vi.CATALOG)) == []
    assert sorted(plural - set(cli_vi.PLURALS)) == []


def test_every_translation_keeps_the_placeholders_it_is_given():
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for english, vietnamese in cli_vi.CATALOG.items():
        assert fields(vietnamese) <= {f.split("!")[0] for f in fields(english)}, english


def test_the_group_help_lists_the_commands_under_lenh():
    out = run("--help").output
    listed = {line.split()[0] for line in out.split("Lệnh:\n")[1].splitlines() if line.strip()}
    assert listed == set(cli.commands)


@pytest.mark.parametrize("name, kind", [("cong-van.docx", "cong-van"),
                                        ("giay-khen-phoi.docx", "giay-khen"),
                                        ("quyet-dinh-xep-loai-dang-vien.docx",
                                         "quyet-dinh-xep-loai-dang-vien")])
def test_check_template_tells_the_kind_by_the_file_name(tmp_path, name, kind):
    from kiemdiem_docs.render import builtin_template

    copy = tmp_path / "templates" / name
    copy.parent.mkdir()
    copy.write_bytes(builtin_template(name).read_bytes())
    result = run("check-template", str(copy))
    assert (result.exit_code, result.output) == (0, f"Mẫu {name} hợp với loại {kind}.\n")


def test_check_template_asks_for_the_kind_it_cannot_tell(tmp_path):
    odd = tmp_path / "mau-cua-toi.docx"
    odd.write_bytes((REPO / "kiemdiem_docs" / "templates" / "cong-van.docx").read_bytes())
    result = run("check-template", str(odd))
    assert result.exit_code == 1
    assert result.output == (
        "Lỗi: Không biết mẫu «mau-cua-toi.docx» là của loại văn bản nào: tên tệp không phải tên "
        f"một mẫu. Ghi rõ --kind LOẠI, một trong: {', '.join(KIND_KEYS)}.\n")
    told = run("check-template", str(odd), "--kind", "cong-van")
    assert (told.exit_code, told.output) == (0, "Mẫu mau-cua-toi.docx hợp với loại cong-van.\n")
