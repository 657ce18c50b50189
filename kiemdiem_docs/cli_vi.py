"""click in Vietnamese: its messages, help headings and usage errors, for the ``kiemdiem`` command.

click marks every sentence it shows with gettext (``_("Usage:")``), so giving its modules
a ``_`` that looks the sentence up here makes all of them Vietnamese at their source:
help, usage errors, ``Error:``, ``[required]``, whatever path a message takes. What
click writes outside gettext (the ``'--kind'`` quoting of a parameter, its ``Did you
mean`` lists, ``[OPTIONS]``, the English names of parameter types) is done by the
classes below, which the command line uses for its commands and parameters.
``tests/test_cli_vi.py`` holds this catalog to every sentence of click's source, so a
click upgrade that adds one fails a test instead of leaking English.
"""

from __future__ import annotations

import difflib
import importlib
from typing import Any

import click

# click's sentence -> ours. «» quote a value, as everywhere in the tool; click's {x!r}
# placeholders become «{x}» so no English-style quote is left around a value.
CATALOG: dict[str, str] = {
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "Positional arguments": "Đối số",
    "Show this message and exit.": "Hiện trợ giúp này rồi thoát.",
    "Show the version and exit.": "Hiện phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Gõ «{command} {option}» để xem cách dùng.",
    "Aborted!": "Đã dừng.",
    "deprecated": "không còn dùng",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "env var: {var}": "biến môi trường: {var}",
    "(dynamic)": "(tùy lúc chạy)",
    "Missing command.": "Thiếu lệnh.",
    "Missing argument": "Thiếu đối số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu {param_type}",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "No such option {name!r}.": "Không có tùy chọn «{name}».",
    "No such command {name!r}.": "Không có lệnh «{name}».",
    "Option {name!r} does not take a value.": "Tùy chọn «{name}» không nhận giá trị.",
    "Argument {name!r} takes {nargs} values.": "Đối số «{name}» cần {nargs} giá trị.",
    "Invalid start character for option ({option})":
        "Tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Value must be an iterable.": "Giá trị phải là một dãy.",
    "Could not open file {filename!r}: {message}": "Không mở được tệp «{filename}»: {message}",
    "unknown error": "lỗi không rõ",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    # click passes the type's name title-cased ("Thư Mục"): the sentences do without it.
    "{name} {filename!r} does not exist.": "Không tìm thấy «{filename}».",
    "{name} {filename!r} is a file.": "«{filename}» là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "«{filename}» là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không đọc được «{filename}» (không có quyền đọc).",
    "{name} {filename!r} is not writable.": "Không ghi được «{filename}» (không có quyền ghi).",
    "{name} {filename!r} is not executable.": "«{filename}» không chạy được.",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    "Choice({choices})": "Lựa chọn({choices})",
    "{value!r} is not a valid {number_type}.": "«{value}» không phải số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid UUID.": "«{value}» không phải UUID hợp lệ.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "«{value}» không phải có/không. Các giá trị nhận được: {states}",
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Đồng ý luôn, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai lần nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: nhập không hợp lệ",
    "Press any key to continue...": "Bấm phím bất kỳ để tiếp tục…",
    "{editor}: Editing failed": "{editor}: sửa không được",
    "{editor}: Editing failed: {e}": "{editor}: sửa không được: {e}",
    "d": " ngày",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Cảnh báo: lệnh «{name}» không còn dùng.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Cảnh báo: {param_type} «{name}» không còn dùng.{extra_message}",
}

# click's singular sentence -> ours (Vietnamese says one and many alike).
PLURALS: dict[str, str] = {
    "Got unexpected extra argument ({args})": "Thừa đối số: {args}.",
    "Did you mean {possibility}?": "Có phải {possibility}?",
    "{value!r} is not {choice}.": "«{value}» không phải một trong: {choices}.",
    "Option {name!r} requires an argument.": "Tùy chọn «{name}» cần giá trị.",
    "Takes {nargs} values but 1 was given.": "Cần {nargs} giá trị nhưng có {len}.",
    "{value!r} does not match the format {format}.": "«{value}» không đúng dạng {formats}.",
    "{len_type} values are required, but {len_value} was given.":
        "Cần {len_type} giá trị nhưng có {len_value}.",
}

# The modules of click that show a sentence to the user.
_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
            "utils", "_termui_impl")


def gettext(message: str) -> str:
    return CATALOG.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if singular in PLURALS:
        return PLURALS[singular]
    return singular if n == 1 else plural


def install() -> None:
    """Make click speak Vietnamese in this process (the command line is its only user)."""
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext


def quoted(names: list[str]) -> str:
    return ", ".join(f"«{n}»" for n in names)


def near(value: str, choices: list[str]) -> str | None:
    """The one choice ``value`` is most likely a slip for, or None when none stands out."""
    close = difflib.get_close_matches(value, choices, n=2, cutoff=0.75)
    if len(close) == 2 and difflib.SequenceMatcher(None, value, close[1]).ratio() >= \
            difflib.SequenceMatcher(None, value, close[0]).ratio() - 0.05:
        return None  # two as close: a guess would be a coin toss
    return close[0] if close else None


def _mean(value: str, choices: list[str]) -> str:
    guess = near(value, choices)
    return f" Có phải «{guess}»?" if guess else ""


class Choice(click.Choice):
    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        choices = [str(c) for c in self.choices]
        return (f"«{value}» không phải một trong: {', '.join(choices)}."
                + _mean(str(value), choices))


class Option(click.Option):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        return " / ".join(f"«{opt}»" for opt in self.opts)


class Argument(click.Argument):
    def get_error_hint(self, ctx: click.Context | None) -> str:
        name = self.make_metavar(ctx) if ctx is not None else self.human_readable_name
        return f"«{name.strip('[].')}»"  # «SỔ», not «[SỔ]» nor «ĐƯỜNG_DẪN...»


class _Vietnamese:
    """What a command and a group share: the options' metavar, an unknown option's hint."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[TÙY_CHỌN]")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            raise _no_such_option(exc, ctx) from None


class Command(_Vietnamese, click.Command):
    pass


class Group(_Vietnamese, click.Group):
    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "LỆNH [ĐỐI_SỐ]...")
        super().__init__(*args, **kwargs)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchCommand as exc:
            raise click.NoSuchCommand(exc.command_name, ctx=ctx, message=(
                exc.message + _mean(exc.command_name, sorted(self.commands)))) from None


def _no_such_option(exc: click.NoSuchOption, ctx: click.Context) -> click.NoSuchOption:
    names = [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)
             if o.startswith("-")]
    return click.NoSuchOption(exc.option_name, message=exc.message + _mean(exc.option_name, names),
                              ctx=ctx)
