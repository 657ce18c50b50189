"""Render one document from its template and context, safely.

A strict, sandboxed jinja environment (an unknown variable is an error, every value
is XML-escaped, no template runs code), one ``DocxTemplate`` per document, and a
write that lands whole or not at all.
"""

from __future__ import annotations

import contextlib
import functools
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup, escape

from .. import vn, wrap
from ..atomic import write_atomic
from ..errors import RenderError, TemplateError
from ..ooxml import package_problem
from .sandbox import SecurityError, StrictSandbox

# The built-in templates live at the package's top, where ``make templates`` writes them
# and ``init`` copies them from (this module is one folder below).
BUILTIN = Path(__file__).resolve().parent.parent / "templates"


class Lines(Markup):
    """Text already escaped whose ``\\n`` are line breaks the template asked for."""


def _balanced(value: Any, box_cm: float, size: float = 14, style: str = "thuong") -> Lines:
    # «can_dong»: a centred line broken evenly (see :mod:`wrap`), the box and the type
    # stated by the template, which knows them. Not vn.one_line: it would close up the
    # spaces left to write a number in by hand.
    text = str(value).replace("\n", " ")
    if len(text) > wrap.MAX_CHARS:  # a paragraph, not a line: kept out of the cache
        return _balanced_once.__wrapped__(text, box_cm, size, style)
    return _balanced_once(text, box_cm, size, style)


@functools.lru_cache(maxsize=8192)  # a list's cells repeat: a level, a chi bộ, a place
def _balanced_once(text: str, box_cm: float, size: float, style: str) -> Lines:
    # A box narrower than a letter or wider than a page is a template's mistake.
    if not (0.5 <= float(box_cm) <= 60 and 4 <= float(size) <= 72):
        raise ValueError("can_dong(rộng_cm, cỡ_chữ, kiểu): rộng 0,5–60 cm, cỡ chữ 4–72")
    return Lines(escape(wrap.balance(text, float(box_cm), float(size), str(style))))


def _finalize(value: Any) -> Any:
    # None would print as "None"; a line break inside a justified paragraph would stretch
    # the line, so a value's lines become paragraphs (docxtpl turns \a into a new paragraph).
    # Braces go as character references: after rendering, docxtpl turns the template's
    # "{_{", "%_}" … into "{{", "%}", and must not do it to a value that holds them.
    if value is None:
        raise RenderError("một giá trị rỗng (None) lọt vào văn bản")
    if isinstance(value, Lines):
        # Its "\n" stay: docxtpl makes them line breaks, inside a run's text only.
        return Markup(str(value).replace("{", "&#123;").replace("}", "&#125;"))
    if isinstance(value, str):
        text = str(escape(value.replace("\n", "\a")))
        return Markup(text.replace("{", "&#123;").replace("}", "&#125;"))
    return value


def make_env() -> jinja2.Environment:
    """The sandbox documents are rendered in (see :mod:`sandbox`), with the filters."""
    env = StrictSandbox(finalize=_finalize)
    env.filters.update({
        "ngay": vn.date_text,
        "thu": vn.weekday,
        "so_dem": vn.count,
        "bang_chu": vn.number_words,
        "hoa": vn.upper,
        "can_dong": _balanced,
    })
    return env


def builtin_template(name: str) -> Path:
    return BUILTIN / name


def template_path(name: str, override_dir: Path | None) -> Path:
    """The workspace's own template of that name if there is one, else the built-in."""
    if override_dir is not None and (override_dir / name).is_file():
        return override_dir / name
    path = builtin_template(name)
    if not path.is_file():
        raise TemplateError(f"Không có mẫu văn bản {name}.")
    return path


def render(template: Path, context: dict[str, Any], out: Path, *, tone: str = "cu") -> None:
    """Render ``template`` with ``context`` into ``out``, atomically."""
    with template_errors(template):
        tpl = fresh(template, tone)
        tpl.render(context, jinja_env=make_env(), autoescape=True)
    write_atomic(out, lambda tmp: tpl.save(str(tmp)))


@contextlib.contextmanager
def template_errors(template: Path) -> Iterator[None]:
    """jinja's errors as :class:`TemplateError`, the same for every render path."""
    try:
        yield
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"Mẫu {template.name}: biến không có trong dữ liệu ({exc}).") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"Mẫu {template.name}: thẻ mẫu hỏng ({exc.message}).") from None
    except (PackageNotFoundError, zipfile.BadZipFile, etree.XMLSyntaxError) as exc:
        raise TemplateError(f"Mẫu {template} không mở được như tệp Word .docx ({exc}): lưu lại "
                            "mẫu bằng Word (kiểu .docx), hoặc xóa nó khỏi thư mục mẫu để dùng "
                            "mẫu có sẵn.") from None
    except SecurityError as exc:
        raise TemplateError(f"Mẫu {template.name}: có thẻ làm việc không được phép ({exc}); "
                            "sửa mẫu, chỉ dùng các biến của loại văn bản.") from None
    except RecursionError:
        raise TemplateError(f"Mẫu {template.name}: có macro gọi lại chính nó không dừng; sửa "
                            "mẫu.") from None
    except MemoryError:
        raise TemplateError(f"Mẫu {template.name}: điền dữ liệu cần quá nhiều bộ nhớ; sửa "
                            "mẫu (vòng lặp, phép nhân chuỗi quá lớn).") from None
    except (jinja2.TemplateError, TypeError, ValueError, ArithmeticError, LookupError,
            AttributeError) as exc:  # a filter or an operator given data it cannot take
        raise TemplateError(f"Mẫu {template.name}: lỗi khi điền dữ liệu vào mẫu "
                            f"({type(exc).__name__}: {exc}).") from None


def refuse_oversized(template: Path) -> None:
    """A template that would inflate past the bounds is a :class:`TemplateError`."""
    problem = package_problem(template)
    if problem:
        raise TemplateError(f"Mẫu {Path(template).name}: {problem}.")


def fresh(template: Path, tone: str) -> DocxTemplate:
    """A new ``DocxTemplate`` of ``template``, its own words in the tone-mark style."""
    refuse_oversized(template)
    tpl = DocxTemplate(str(template))
    if tone != "cu":
        _retone(tpl, tone)
    return tpl


def _retone(tpl: DocxTemplate, tone: str) -> None:
    """Put the template's own words in the configured tone-mark style (values are left)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.ns import qn

    tpl.init_docx()
    parts = [tpl.docx.element]
    # Every header and footer the package has (first-page, even, default), creating none.
    parts += [rel.target_part.element for rel in tpl.docx.part.rels.values()
              if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external]
    for part in parts:
        for t in part.iter(qn("w:t")):
            if t.text:
                t.text = vn.tone_style(t.text, tone)
