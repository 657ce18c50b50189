"""kiemdiem-docs: văn bản kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng.

The library API, for the CLI, the web page, the tests and the benchmarks::

    config = load_config(folder)
    roster = load_roster(None, config)          # read and validate the workbook
    summary = build(config, roster, today=..., now=...)
    with open_register(config.so_dang_ky) as register: ...
    breaches = check_document(path, config.format)

Names are imported when first used, so ``import kiemdiem_docs`` (and the CLI's
start) stays cheap.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = [
    "Config",
    "KiemdiemError",
    "Phase",
    "Request",
    "Roster",
    "Summary",
    "__version__",
    "build",
    "check_document",
    "load_config",
    "load_roster",
    "open_register",
    "plan_documents",
]


# name -> (module, attribute): where each exported name lives.
_EXPORTS = {
    "Config": ("config", "Config"),
    "KiemdiemError": ("errors", "KiemdiemError"),
    "Phase": ("issuing", "Phase"),
    "Request": ("issuing", "Request"),
    "Roster": ("roster", "Roster"),
    "Summary": ("issuing", "Summary"),
    "build": ("api", "build"),
    "check_document": ("check", "check_document"),
    "load_config": ("config", "load"),
    "load_roster": ("api", "load_roster"),
    "open_register": ("register", "open_register"),
    "plan_documents": ("api", "plan_documents"),
}


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _EXPORTS[name]
    return getattr(importlib.import_module(f".{module}", __name__), attribute)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
