"""The ``kiemdiem`` command: a thin adapter from the shell to the library.

It parses arguments, reads the clock and the current folder, calls the library
and prints what it returns; every rule lives below it. A :class:`KiemdiemError`
becomes ``Lỗi: <message>`` and exit code 1; a usage error (``cli_vi`` says it in
Vietnamese, as all of click's words) exit code 2.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from pathlib import Path

import click

from . import __version__, cli_vi
from .errors import InvalidRoster, KiemdiemError, ReasonRequired, from_os_error
from .kinds import KINDS

cli_vi.install()  # before the decorators below build click's options and types
KIND_KEYS = [k.key for k in KINDS]
KIND = cli_vi.Choice(KIND_KEYS)
# Every parameter names its value in Vietnamese and is quoted «» in errors.
option = functools.partial(click.option, cls=cli_vi.Option)
argument = functools.partial(click.argument, cls=cli_vi.Argument)
# Below the help of the commands that take a kind; "\b" keeps click from rewrapping it
# (an option's help would break "quyet-dinh-khen-thuong" at a hyphen).
KINDS_HELP = "\b\nLOẠI là một trong:\n" + "\n".join(f"  {k.key}: {k.title}" for k in KINDS)


def _config(ctx: click.Context, *, required: bool = True):
    """The workspace's configuration; the defaults when none is required and none is found."""
    from .workspace import locate

    folder = ctx.obj.get("workspace")
    return locate(Path(folder) if folder else None, Path.cwd(), required=required)


class _Group(cli_vi.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except KiemdiemError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:  # a disk that refused, wherever the library met it
            raise click.ClickException(str(from_os_error(exc))) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="kiemdiem")
@option("-w", "--workspace", type=click.Path(file_okay=False), metavar="THƯ_MỤC",
              help="Thư mục không gian làm việc (mặc định: thư mục hiện tại hoặc cha có "
                   "kiemdiem.toml).")
@click.pass_context
def cli(ctx: click.Context, workspace: str | None) -> None:
    """Sinh văn bản kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng."""
    ctx.ensure_object(dict)["workspace"] = workspace


@cli.command()
@argument("folder", type=click.Path(path_type=Path), metavar="THƯ_MỤC",
          help="Thư mục sẽ chứa không gian làm việc (tạo nếu chưa có).")
@option("--force", is_flag=True, help="Ghi đè không gian làm việc đã có.")
@option("--nam", "year", type=click.IntRange(2018, 2100), metavar="NĂM",
        help="Năm của đợt kiểm điểm (mặc định: năm nay); chọn bộ quy định và bộ thể thức.")
def init(folder: Path, force: bool, year: int | None) -> None:
    """Tạo không gian làm việc mới trong THƯ_MỤC."""
    import datetime as dt

    from .config import PLACEHOLDER, SAMPLE_YEAR
    from .packs import default_names
    from .workspace import WORKBOOK
    from .workspace import init as do_init

    year = year or dt.date.today().year
    for path in do_init(folder, year, force=force):
        click.echo(f"Đã tạo {path}")
    rules, fmt = default_names(year)
    click.echo(f"Đợt {year}: bộ quy định {rules}, bộ thể thức {fmt}.")
    if year != SAMPLE_YEAR:
        click.echo(f"Điền các chỗ {PLACEHOLDER} …» trong {folder / 'kiemdiem.toml'} (ngày, hạn, "
                   "căn cứ, tên cơ quan).")
    click.echo(f"Điền danh sách vào {folder / WORKBOOK}, "
               "rồi chạy `kiemdiem validate` và `kiemdiem build` trong thư mục đó.")


def _load(ctx: click.Context, workbook: Path | None):
    from .api import load_roster

    cfg = _config(ctx, required=workbook is None)
    return cfg, load_roster(workbook, cfg)


@cli.command("validate")
@argument("workbook", required=False, type=click.Path(path_type=Path), metavar="[SỔ]",
          help="Sổ danh sách .xlsx hay thư mục .csv (mặc định: sổ trong kiemdiem.toml).")
@option("--json", "as_json", is_flag=True, help="In kết quả dạng JSON cho chương trình khác.")
@click.pass_context
def validate_cmd(ctx: click.Context, workbook: Path | None, as_json: bool) -> None:
    """Kiểm tra sổ danh sách; báo mọi lỗi một lần, không ghi gì."""
    _, loaded = _load(ctx, workbook)
    if as_json:
        click.echo(json.dumps({"errors": len(loaded.errors), "warnings": len(loaded.warnings),
                               "problems": [p.to_dict() for p in loaded.problems]},
                              ensure_ascii=False, indent=2))
    else:
        for problem in loaded.problems:
            click.echo(str(problem))
        click.echo(loaded.describe())
    if loaded.errors:
        sys.exit(1)


def _parse_date(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        return dt.datetime.strptime(value, "%d/%m/%Y").date()
    except ValueError:
        raise click.BadParameter(f"«{value}» không phải ngày dd/mm/yyyy.",
                                 param_hint="«--ngay»") from None


def _progress():
    """A progress bar on stderr for each phase of the build, labelled with what it does,
    started when the phase knows how much there is to do."""
    bar = None

    def update(phase, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=phase.label, file=sys.stderr)
            bar.__enter__()
        bar.update(1)
        if done == total:
            bar.__exit__(None, None, None)
            bar = None

    return update


def _waiting(cfg):
    """Say at once, on stderr, that this command waits for another one."""
    def say(who: str) -> None:
        click.echo(f"Đang chờ {who} xong (tối đa {cfg.cho_khoa:g} giây)…", err=True)

    return say


def _os_user() -> str:
    """Who runs the command, as the register records every build and re-issue."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a passwd entry)
        return ""


def _run_build(ctx: click.Context, request, ngay: str | None, pdf: bool | None) -> None:
    import dataclasses

    from .api import build
    from .issuing import report
    from .pdf import converter_for

    request = dataclasses.replace(request, user=_os_user())
    today = _parse_date(ngay)
    cfg, loaded = _load(ctx, None)
    converter, note = converter_for(cfg.pdf, False if request.dry_run else pdf)
    if note:
        click.echo(note)
    try:
        summary = build(cfg, loaded, today=today, now=dt.datetime.now(), request=request,
                        converter=None if request.dry_run else converter,
                        progress=None if request.dry_run else _progress(),
                        waiting=_waiting(cfg))
    except InvalidRoster as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(str(exc)) from None
    except ReasonRequired as exc:
        for change in exc.changes:
            for line in change.lines():
                click.echo(line)
        raise click.ClickException(str(exc)) from None
    for line in report(summary, cfg.dau_ra / str(cfg.nam)):
        click.echo(line)


@cli.command("build", epilog=KINDS_HELP)
@option("--kind", "kind", multiple=True, type=KIND, metavar="LOẠI",
        help="Chỉ loại văn bản này (có thể lặp lại).")
@option("--only", metavar="MÃ", help="Chỉ văn bản của tổ chức có mã này.")
@option("--reason", default="", metavar="LÝ_DO", help="Lý do ban hành lại, ghi vào sổ đăng ký.")
@option("--ngay", metavar="DD/MM/YYYY", help="Ngày ký cho văn bản mới chưa có ngày "
        "(mặc định: hôm nay).")
@option("--pdf/--no-pdf", default=None, help="Tạo (hoặc không) PDF cạnh mỗi .docx "
        "(mặc định: theo [pdf] tao_pdf trong kiemdiem.toml).")
@option("--dry-run", is_flag=True, help="Chỉ kê văn bản sẽ sinh, ban hành lại, thu hồi "
              "và chỗ thay đổi; không ghi gì.")
@click.pass_context
def build_cmd(ctx: click.Context, kind: tuple[str, ...], only: str | None, reason: str,
              ngay: str | None, pdf: bool | None, dry_run: bool) -> None:
    """Sinh văn bản từ sổ danh sách; chỉ làm lại văn bản có nội dung đổi."""
    from .api import select
    from .issuing import Request

    _run_build(ctx, Request(kinds=select(kind), only=only, reason=reason, dry_run=dry_run),
               ngay, pdf)


@cli.command("reissue", epilog=KINDS_HELP)
@argument("kind", metavar="LOẠI", help="Loại văn bản, ví dụ cong-van.")
@argument("key", metavar="MÃ", help="Mã văn bản, như cột «Mã» của `kiemdiem register`.")
@option("--reason", required=True, metavar="LÝ_DO", help="Lý do ban hành lại.")
@option("--new-number", is_flag=True, help="Ban hành văn bản thay thế, lấy số mới.")
@option("--ngay", metavar="DD/MM/YYYY", help="Ngày ký nếu văn bản lấy số mới.")
@option("--pdf/--no-pdf", default=None, help="Tạo (hoặc không) PDF.")
@click.pass_context
def reissue_cmd(ctx: click.Context, kind: str, key: str, reason: str, new_number: bool,
                ngay: str | None, pdf: bool | None) -> None:
    """Ban hành lại một văn bản (LOẠI MÃ, MÃ như cột «Mã» của `kiemdiem register`)."""
    from .issuing import Request

    _run_build(ctx, Request.reissue(kind, key, reason, new_number=new_number), ngay, pdf)


@cli.command("diff", epilog=KINDS_HELP)
@argument("kind", metavar="LOẠI", help="Loại văn bản, ví dụ quyet-dinh-xep-loai-dang-vien.")
@argument("key", metavar="MÃ", help="Mã văn bản, như cột «Mã» của `kiemdiem register`.")
@option("--revision", type=click.IntRange(1), metavar="LẦN",
        help="So lần ban hành này với lần trước nó (mặc định: lần sau cùng).")
@click.pass_context
def diff_cmd(ctx: click.Context, kind: str, key: str, revision: int | None) -> None:
    """Chỗ đổi giữa hai lần ban hành một văn bản, và bản thể hiện thay đổi (.thay-doi.docx)."""
    from .book import diff_revisions

    cfg = _config(ctx)
    found = diff_revisions(cfg, kind, key, revision, waiting=_waiting(cfg))
    title = KINDS[KIND_KEYS.index(kind)].title
    click.echo(f"{title} «{key}», số {found.new.number_line}: lần {found.old.revision} → "
               f"lần {found.new.revision} ({found.new.reason or 'không ghi lý do'})")
    for name, old, new in found.fields:
        click.echo(f"{name}: «{old}» → «{new}»")
    click.echo(f"{len(found.fields)} chỗ đổi trong dữ liệu.")
    if found.redline is None:
        raise KiemdiemError(found.problem)
    click.echo(f"Bản thể hiện thay đổi: {found.redline}")


@cli.command("register", epilog=KINDS_HELP)
@option("--kind", "kind", type=KIND, metavar="LOẠI",
        help="Chỉ loại văn bản này.")
@option("--xlsx", type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP.xlsx",
        help="Xuất sổ ra tệp Excel.")
@option("--all", "everything", is_flag=True, help="Cả các lần ban hành đã bị thay.")
@option("--verify", is_flag=True, help="Đối chiếu sổ với các tệp: mỗi dòng có tệp đúng "
              "nội dung, không tệp nào thuộc hai dòng.")
@click.pass_context
def register_cmd(ctx: click.Context, kind: str | None, xlsx: Path | None,
                 everything: bool, verify: bool) -> None:
    """Sổ đăng ký văn bản đi: số, ngày, loại, nơi nhận, lần ban hành, tệp."""
    from .book import book_lines, read_book, verify_book, write_book

    cfg = _config(ctx)
    if verify:
        problems = verify_book(cfg, waiting=_waiting(cfg))
        for line in problems:
            click.echo(line)
        click.echo(f"Sổ đăng ký: {len(problems)} chỗ không khớp với các tệp.")
        if problems:
            sys.exit(1)
        return
    rows = read_book(cfg, kind=kind, everything=everything, waiting=_waiting(cfg))
    for line in book_lines(rows):
        click.echo(line)
    click.echo(f"{len(rows)} văn bản.")
    if xlsx:
        write_book(rows, xlsx)
        click.echo(f"Đã ghi {xlsx}.")


@cli.command("check")
@argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path),
          metavar="ĐƯỜNG_DẪN...", help="Tệp .docx hay thư mục (đọc mọi .docx bên trong).")
@option("--the-thuc", "pack", metavar="BỘ", help="Đo theo bộ thể thức này (hd36-2018, "
        "hd05-2026); mặc định: bộ mà văn bản ghi trong thuộc tính, nếu không thì bộ của năm.")
@click.pass_context
def check_cmd(ctx: click.Context, paths: tuple[Path, ...], pack: str | None) -> None:
    """Kiểm tra thể thức các tệp .docx (hoặc mọi .docx trong thư mục)."""
    from .check import check_document, documents_in
    from .packs import format_pack

    cfg = _config(ctx, required=False)
    forced = None if pack is None else (
        cfg.the_thuc if pack == cfg.the_thuc.ten else format_pack(pack))
    files = documents_in(paths)
    bad = 0
    for f in files:
        breaches = check_document(f, cfg.format, pack=forced, workspace=cfg.the_thuc)
        for b in breaches:
            click.echo(f"{f}: {b}")
        bad += bool(breaches)
    click.echo(f"{len(files)} tệp, {bad} tệp sai thể thức.")
    if bad:
        sys.exit(1)


@cli.command("check-template", epilog=KINDS_HELP)
@argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="TỆP",
          help="Mẫu .docx, ví dụ templates/cong-van.docx.")
@option("--kind", "kind", type=KIND, metavar="LOẠI", help="Loại văn bản của mẫu (mặc định: "
        "theo tên tệp, như cong-van.docx là cong-van).")
@click.pass_context
def check_template_cmd(ctx: click.Context, file: Path, kind: str | None) -> None:
    """Kiểm tra mẫu .docx đã sửa còn hợp với loại văn bản không."""
    from .api import template_kind, template_warnings
    from .kinds import get
    from .render import fit

    if kind is None:
        kind = template_kind(file.name, _config(ctx, required=False))
    if kind is None:
        raise KiemdiemError(f"Không biết mẫu «{file.name}» là của loại văn bản nào: tên tệp "
                            "không phải tên một mẫu. Ghi rõ --kind LOẠI, một trong: "
                            f"{', '.join(KIND_KEYS)}.")
    problems = fit(file, get(kind))
    for p in problems:
        click.echo(p)
    if problems:
        click.echo(f"Mẫu {file.name} có {len(problems)} vấn đề.")
        sys.exit(1)
    for warning in template_warnings(file, kind):
        click.echo(warning)
    click.echo(f"Mẫu {file.name} hợp với loại {kind}.")


def _web():
    """The web package, or how to install it."""
    try:
        import starlette  # noqa: F401  (the extra, not only our package)

        from . import web
    except ImportError:
        raise KiemdiemError("Chưa cài phần trang web: chạy `pip install 'kiemdiem-docs[web]'` "
                            "(trong kho mã: `make serve`).") from None
    return web


@cli.command("serve")
@option("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", show_default=True,
        help="Địa chỉ mở trang; khác 127.0.0.1 thì cần có tài khoản trước.")
@option("--port", default=8000, type=int, metavar="CỔNG", show_default=True, help="Cổng.")
@option("--allow-host", "allowed", multiple=True, metavar="TÊN",
        help="Tên hay địa chỉ khác mà trình duyệt gõ để vào trang (có thể lặp lại).")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, allowed: tuple[str, ...]) -> None:
    """Mở trang web cho văn thư: tải sổ, kiểm tra, sinh, xem, sửa, tải văn bản."""
    web = _web()
    cfg = _config(ctx)
    web.check_address(cfg, host)
    click.echo(f"Trang web của {cfg.root} ở http://{host}:{port}/ (Ctrl+C để dừng).")
    web.serve(cfg.root, host=host, port=port, allowed_hosts=allowed)


@cli.group("user", cls=_Group)
def user_cmd() -> None:
    """Tài khoản đăng nhập trang web (lưu cạnh sổ đăng ký, mật khẩu đã băm)."""


def _accounts(ctx: click.Context):
    return _web().accounts_of(_config(ctx))


@user_cmd.command("add")
@argument("name", metavar="TÊN", help="Tên tài khoản (chữ không dấu, số, «.», «_», «-»).")
@option("--password-stdin", is_flag=True, help="Đọc mật khẩu từ đầu vào chuẩn (cho script).")
@click.pass_context
def user_add(ctx: click.Context, name: str, password_stdin: bool) -> None:
    """Thêm tài khoản TÊN; mật khẩu hỏi hai lần."""
    accounts = _accounts(ctx)
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Mật khẩu", hide_input=True, confirmation_prompt=True)
    accounts.add(name, password)
    click.echo(f"Đã thêm tài khoản {name} ({accounts.path}).")


@user_cmd.command("list")
@click.pass_context
def user_list(ctx: click.Context) -> None:
    """Liệt kê các tài khoản."""
    names = _accounts(ctx).names()
    for name in names:
        click.echo(name)
    click.echo(f"{len(names)} tài khoản.")


@user_cmd.command("remove")
@argument("name", metavar="TÊN", help="Tên tài khoản.")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    """Xóa tài khoản TÊN."""
    _accounts(ctx).remove(name)
    click.echo(f"Đã xóa tài khoản {name}.")


def main() -> None:
    try:
        cli(obj={})
    except Exception:  # a fault the tool did not foresee: a line for the clerk, the rest kept
        import tempfile
        import traceback

        log = Path(tempfile.gettempdir()) / "kiemdiem-loi.txt"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        click.echo(f"Lỗi: gặp sự cố không lường trước; không văn bản nào bị ghi dở. Gửi tệp "
                   f"{log} cho người quản trị phần mềm.", err=True)
        sys.exit(1)
