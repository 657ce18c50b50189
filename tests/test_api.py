"""The library API: the names ``kiemdiem_docs`` exports, pinned, and each one real."""

from __future__ import annotations

import subprocess
import sys

import kiemdiem_docs

API = [
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


def test_the_exported_names_are_pinned():
    assert kiemdiem_docs.__all__ == API


def test_every_exported_name_resolves_to_the_library_object():
    from kiemdiem_docs import api, check, config, errors, issuing, register, roster

    assert kiemdiem_docs.build is api.build
    assert kiemdiem_docs.load_roster is api.load_roster
    assert kiemdiem_docs.plan_documents is api.plan_documents
    assert kiemdiem_docs.check_document is check.check_document
    assert kiemdiem_docs.open_register is register.open_register
    assert kiemdiem_docs.load_config is config.load
    assert kiemdiem_docs.Config is config.Config
    assert kiemdiem_docs.Request is issuing.Request
    assert kiemdiem_docs.Phase is issuing.Phase
    assert kiemdiem_docs.Summary is issuing.Summary
    assert kiemdiem_docs.Roster is roster.Roster
    assert kiemdiem_docs.KiemdiemError is errors.KiemdiemError
    assert set(API) <= set(dir(kiemdiem_docs))


def test_an_unknown_name_is_an_attribute_error():
    try:
        kiemdiem_docs.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("no AttributeError")


def test_importing_the_package_loads_no_step():
    """Names load when first used: the CLI's start and a worker's import stay cheap."""
    code = ("import sys, kiemdiem_docs; "
            "print(sorted(m for m in sys.modules if m.startswith('kiemdiem_docs')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60).stdout
    assert out.strip() == "['kiemdiem_docs']"


def test_register_is_a_context_manager_that_closes(tmp_path):
    with kiemdiem_docs.open_register(tmp_path / "so.sqlite") as register:
        assert register.all_current() == []
    try:
        register.all_current()
    except Exception as exc:  # sqlite3.ProgrammingError: closed
        assert "closed" in str(exc)
    else:
        raise AssertionError("the register is still open")


def test_load_roster_validates_with_the_workspace_quota(tmp_path):
    from conftest import SAMPLE, make_config

    strict = kiemdiem_docs.load_roster(SAMPLE, make_config(tmp_path, dot={"ty_le_htxsnv": 1}))
    default = kiemdiem_docs.load_roster(SAMPLE, make_config(tmp_path))
    over = [p for p in strict.warnings if "vượt" in p.message]
    assert over and not [p for p in default.warnings if "vượt" in p.message]
