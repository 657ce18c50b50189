"""The registry tells the truth: its variables are the contexts', and the README has them."""

from __future__ import annotations

import pytest
from conftest import REPO

from kiemdiem_docs import kinds
from kiemdiem_docs.render import fit


def test_every_kind_declares_exactly_what_its_contexts_hold(sample_build):
    cfg, summary = sample_build
    from kiemdiem_docs.register import open_register

    register = open_register(cfg.so_dang_ky)
    seen = {}
    for entry in register.all_current():
        seen.setdefault(entry.kind, set()).update(entry.data(register))
    register.close()
    assert set(seen) == set(kinds.keys()), "the sample builds every kind"
    for kind in kinds.KINDS:
        keys = seen[kind.key]
        assert kind.required <= keys, (kind.key, kind.required - keys)
        assert keys <= kind.provides, (kind.key, keys - kind.provides)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.key)
def test_the_readme_lists_each_kind_with_its_variables(kind):
    readme = (REPO / "README.md").read_text("utf-8")
    row = next((line for line in readme.splitlines() if line.startswith(f"| `{kind.key}` |")),
               None)
    assert row, f"README has no row for {kind.key}"
    for name in sorted(kind.required - kinds.COMMON_VARS - kinds.COMMON_OPTIONAL):
        assert f"`{name}`" in row, (kind.key, name)


@pytest.mark.parametrize("kind", kinds.KINDS, ids=lambda k: k.key)
def test_builtin_templates_fit_their_kind(kind, tmp_path):
    from conftest import make_config

    from kiemdiem_docs.render import template_path

    for khung in (True, False):
        cfg = make_config(tmp_path, dinh_dang={"giay_khen_khung": khung})
        assert fit(template_path(kind.template_for(cfg), None), kind) == []
