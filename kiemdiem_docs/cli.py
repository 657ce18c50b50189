"""The ``kiemdiem`` command: a thin adapter from the shell to the library."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from . import __version__, kinds
from . import config as config_mod
from .errors import InvalidRoster, KiemdiemError


def _config(ctx: click.Context, *, required: bool = True) -> config_mod.Config:
    """The workspace's configuration; the defaults when none is required and none is found."""
    folder = ctx.obj.get("workspace")
    root = Path(folder) if folder else config_mod.find_root(Path.cwd())
    if root is None:
        if not required:
            return config_mod.from_dict({}, Path.cwd())
        raise click.ClickException(
            f"Không tìm thấy {config_mod.CONFIG_NAME} ở thư mục này hay thư mục cha. "
            "Chạy `kiemdiem init THƯ_MỤC` để tạo không gian làm việc, hoặc dùng -w THƯ_MỤC."
        )
    return config_mod.load(root.resolve())


class _Group(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KiemdiemError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="kiemdiem")
@click.option("-w", "--workspace", type=click.Path(file_okay=False),
              help="Thư mục không gian làm việc (mặc định: thư mục hiện tại hoặc cha có "
                   "kiemdiem.toml).")
@click.pass_context
def cli(ctx: click.Context, workspace: str | None) -> None:
    """Sinh văn bản kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng."""
    ctx.ensure_object(dict)["workspace"] = workspace


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Ghi đè không gian làm việc đã có.")
def init(folder: Path, force: bool) -> None:
    """Tạo không gian làm việc mới trong FOLDER."""
    from .workspace import init as do_init

    for path in do_init(folder, force=force):
        click.echo(f"Đã tạo {path}")
    click.echo(f"Điền danh sách vào {folder / 'data' / 'danh-sach.xlsx'}, "
               "rồi chạy `kiemdiem validate` và `kiemdiem build` trong thư mục đó.")


def _load(ctx: click.Context, workbook: Path | None):
    from . import roster, validate

    cfg = _config(ctx, required=workbook is None)
    loaded = roster.load(workbook or cfg.danh_sach)
    loaded.problems = validate.validate(loaded, quota_percent=cfg.ty_le_htxsnv)
    return cfg, loaded


@cli.command("validate")
@click.argument("workbook", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho chương trình khác.")
@click.pass_context
def validate_cmd(ctx: click.Context, workbook: Path | None, as_json: bool) -> None:
    """Kiểm tra sổ danh sách; báo mọi lỗi một lần, không ghi gì."""
    _, loaded = _load(ctx, workbook)
    errors, warnings = loaded.errors, loaded.warnings
    if as_json:
        click.echo(json.dumps({"errors": len(errors), "warnings": len(warnings),
                               "problems": [p.to_dict() for p in loaded.problems]},
                              ensure_ascii=False, indent=2))
    else:
        for problem in loaded.problems:
            click.echo(str(problem))
        click.echo(_counts(loaded))
    if errors:
        sys.exit(1)


def _counts(loaded) -> str:
    return (f"{len(loaded.orgs)} tổ chức, {len(loaded.members)} đảng viên, "
            f"{len(loaded.meetings)} cuộc kiểm điểm: {len(loaded.errors)} lỗi, "
            f"{len(loaded.warnings)} cảnh báo.")


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter(f"«{value}» không phải ngày dd/mm/yyyy.") from None


def _progress():
    """A progress bar on stderr that starts when the build knows how much there is to do."""
    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Đang sinh văn bản", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)
            bar = None  # the PDFs that may follow get a bar of their own

    return update


def _converter(cfg, pdf: bool | None):
    """The PDF converter the settings and ``--pdf/--no-pdf`` ask for, saying why if none."""
    from .pdf import HOW_TO_GET_PDF, font_warning, make_converter

    wanted = cfg.raw["pdf"]["tao_pdf"] if pdf is None else pdf
    if not wanted:
        return None
    converter = make_converter(cfg.raw["pdf"]["bo_chuyen"])
    if converter is None:
        click.echo(HOW_TO_GET_PDF)
    elif warning := font_warning():
        click.echo(warning)
    return converter


def _run_build(ctx: click.Context, request, ngay: str | None, pdf: bool | None) -> None:
    from .build import build

    today = _parse_date(ngay)
    cfg, loaded = _load(ctx, None)
    try:
        summary = build(cfg, loaded, today=today, now=dt.datetime.now(), request=request,
                        converter=_converter(cfg, pdf), progress=_progress())
    except InvalidRoster as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(str(exc)) from None
    for line in report(summary, cfg):
        click.echo(line)


def report(summary, cfg) -> list[str]:
    """The end-of-build summary, a line each: per kind, skips, orphans, warnings, totals."""
    from .build import MADE, REISSUED, REPAIRED, UNCHANGED

    lines = []
    by_kind: dict[str, dict[str, int]] = {}
    for r in summary.results:
        counts = by_kind.setdefault(r.kind, {})
        counts[r.status] = counts.get(r.status, 0) + 1
    names = {MADE: "mới", REISSUED: "ban hành lại", REPAIRED: "ghi lại tệp",
             UNCHANGED: "không đổi"}
    for key, counts in by_kind.items():
        parts = [f"{n} {names[s]}" for s, n in counts.items()]
        lines.append(f"{kinds.get(key).title}: " + ", ".join(parts))
    for key, reason in summary.skipped:
        lines.append(f"Bỏ qua {kinds.get(key).title}: {reason}.")
    for entry in summary.orphans:
        lines.append(f"Không còn trong danh sách (giữ nguyên, không xóa): {entry.docx} "
                     f"(số {entry.number_line}).")
    lines += [str(p) for p in summary.warnings]
    extras = summary.extras
    lines += [f"Không tạo được PDF: {f}" for f in extras.failures] + extras.problems
    if extras.pdfs or extras.bundles or extras.packs:
        lines.append(f"PDF: {extras.pdfs} tệp; bản in gộp: {len(extras.bundles)}; "
                     f"gói gửi tổ chức: {len(extras.packs)}.")
    lines.append(
        f"Xong: {summary.count(MADE)} mới, {summary.count(REISSUED)} ban hành lại, "
        f"{summary.count(UNCHANGED)} không đổi, {len(summary.skipped)} loại bỏ qua, "
        f"{len(summary.warnings)} cảnh báo; thư mục {cfg.dau_ra / str(cfg.nam)}."
    )
    return lines


@cli.command("build")
@click.option("--kind", "kind", multiple=True, type=click.Choice(kinds.keys()),
              help="Chỉ loại văn bản này (có thể lặp lại).")
@click.option("--only", metavar="MÃ", help="Chỉ văn bản của tổ chức có mã này.")
@click.option("--reason", default="", help="Lý do ban hành lại, ghi vào sổ đăng ký.")
@click.option("--ngay", metavar="DD/MM/YYYY", help="Ngày ký cho văn bản mới chưa có ngày "
              "(mặc định: hôm nay).")
@click.option("--pdf/--no-pdf", default=None, help="Tạo (hoặc không) PDF cạnh mỗi .docx "
              "(mặc định: theo [pdf] tao_pdf trong kiemdiem.toml).")
@click.pass_context
def build_cmd(ctx: click.Context, kind: tuple[str, ...], only: str | None, reason: str,
              ngay: str | None, pdf: bool | None) -> None:
    """Sinh văn bản từ sổ danh sách; chỉ làm lại văn bản có nội dung đổi."""
    from .build import Request, select

    _run_build(ctx, Request(kinds=select(kind), only=only, reason=reason), ngay, pdf)


@cli.command("reissue")
@click.argument("kind", type=click.Choice(kinds.keys()))
@click.argument("key")
@click.option("--reason", required=True, help="Lý do ban hành lại (bắt buộc).")
@click.option("--new-number", is_flag=True, help="Ban hành văn bản thay thế, lấy số mới.")
@click.option("--ngay", metavar="DD/MM/YYYY", help="Ngày ký nếu văn bản lấy số mới.")
@click.option("--pdf/--no-pdf", default=None, help="Tạo (hoặc không) PDF.")
@click.pass_context
def reissue_cmd(ctx: click.Context, kind: str, key: str, reason: str, new_number: bool,
                ngay: str | None, pdf: bool | None) -> None:
    """Ban hành lại một văn bản (KIND KEY, KEY như cột «Mã» của `kiemdiem register`)."""
    from .build import Request

    ident = frozenset({(kind, key)})
    request = Request(kinds=frozenset({kind}), keys=frozenset({key}), reason=reason,
                      force=frozenset() if new_number else ident,
                      renumber=ident if new_number else frozenset())
    _run_build(ctx, request, ngay, pdf)


@cli.command("register")
@click.option("--kind", "kind", type=click.Choice(kinds.keys()), help="Chỉ loại văn bản này.")
@click.option("--xlsx", type=click.Path(dir_okay=False, path_type=Path),
              help="Xuất sổ ra tệp Excel.")
@click.option("--all", "everything", is_flag=True, help="Cả các lần ban hành đã bị thay.")
@click.pass_context
def register_cmd(ctx: click.Context, kind: str | None, xlsx: Path | None,
                 everything: bool) -> None:
    """Sổ đăng ký văn bản đi: số, ngày, loại, nơi nhận, lần ban hành, tệp."""
    from .book import book_rows, write_book
    from .register import open_register

    cfg = _config(ctx)
    if not cfg.so_dang_ky.exists():
        raise click.ClickException("Chưa có sổ đăng ký: chạy `kiemdiem build` trước.")
    register = open_register(cfg.so_dang_ky)
    try:
        rows = book_rows(register, kind=kind, everything=everything)
    finally:
        register.close()
    for row in rows:
        click.echo(" | ".join(str(row[c]) for c in ("so", "ngay", "loai", "ma", "noi_nhan",
                                                    "lan", "trang_thai", "ghi_chu", "tep")))
    click.echo(f"{len(rows)} văn bản.")
    if xlsx:
        write_book(rows, xlsx)
        click.echo(f"Đã ghi {xlsx}.")


@cli.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def check_cmd(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Kiểm tra thể thức các tệp .docx (hoặc mọi .docx trong thư mục)."""
    from .check import check_document
    from .outcome import OLD

    fmt = _config(ctx, required=False).format
    # Superseded revisions (in cu/ below a folder given) keep the format they were issued in.
    files = sorted({f for p in paths for f in ([p] if p.is_file() else
                                               (f for f in p.rglob("*.docx")
                                                if OLD not in f.relative_to(p).parts[:-1]))
                    if not f.name.startswith("~$")})
    bad = 0
    for f in files:
        breaches = check_document(f, margins_mm=(fmt.le_tren, fmt.le_duoi, fmt.le_trai,
                                                 fmt.le_phai),
                                  line_spacing_pt=fmt.gian_dong,
                                  recipient_separator=fmt.dau_noi_nhan)
        for b in breaches:
            click.echo(f"{f}: {b}")
        bad += bool(breaches)
    click.echo(f"{len(files)} tệp, {bad} tệp sai thể thức.")
    if bad:
        sys.exit(1)


@cli.command("check-template")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", "kind", required=True, type=click.Choice(kinds.keys()),
              help="Loại văn bản của mẫu.")
def check_template_cmd(file: Path, kind: str) -> None:
    """Kiểm tra mẫu .docx đã sửa còn hợp với loại văn bản không."""
    from .tplcheck import fit

    problems = fit(file, kinds.get(kind))
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"Mẫu {file.name} có {len(problems)} vấn đề.")
        sys.exit(1)
    click.echo(f"Mẫu {file.name} hợp với loại {kind}.")


def main() -> None:
    cli(obj={})
