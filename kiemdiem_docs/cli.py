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


@cli.command("build")
@click.option("--kind", "kind", multiple=True, type=click.Choice(kinds.keys()),
              help="Chỉ loại văn bản này (có thể lặp lại).")
@click.option("--only", metavar="MÃ", help="Chỉ văn bản của tổ chức có mã này.")
@click.option("--ngay", metavar="DD/MM/YYYY", help="Ngày ký cho văn bản chưa có ngày "
              "(mặc định: hôm nay).")
@click.pass_context
def build_cmd(ctx: click.Context, kind: tuple[str, ...], only: str | None,
              ngay: str | None) -> None:
    """Sinh văn bản từ sổ danh sách vào thư mục output."""
    from .build import build

    today = _parse_date(ngay)
    cfg, loaded = _load(ctx, None)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label="Đang sinh văn bản", file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)

    try:
        summary = build(cfg, loaded, today=today, kinds=kind or None, only=only,
                        progress=progress)
    except InvalidRoster as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(str(exc)) from None
    by_kind: dict[str, int] = {}
    for r in summary.results:
        by_kind[r.kind] = by_kind.get(r.kind, 0) + 1
    for key, n in by_kind.items():
        click.echo(f"{kinds.get(key).title}: {n} văn bản")
    for key, reason in summary.skipped:
        click.echo(f"Bỏ qua {kinds.get(key).title}: {reason}.")
    for problem in summary.warnings:
        click.echo(str(problem))
    click.echo(f"Xong: {len(summary.results)} văn bản trong {cfg.dau_ra / str(cfg.nam)}; "
               f"bỏ qua {len(summary.skipped)} loại; {len(summary.warnings)} cảnh báo.")


@cli.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def check_cmd(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Kiểm tra thể thức các tệp .docx (hoặc mọi .docx trong thư mục)."""
    from .check import check_document

    fmt = _config(ctx, required=False).format
    files = sorted({f for p in paths for f in ([p] if p.is_file() else p.rglob("*.docx"))
                    if "/cu/" not in f.as_posix() and not f.name.startswith("~$")})
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
