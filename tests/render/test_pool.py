"""Rendering on every core gives, byte for byte, what one process gives."""

from __future__ import annotations

import pytest
from conftest import BUILD_DAY, BUILD_TIME, make_config

from kiemdiem_docs.api import build
from kiemdiem_docs.render import pool as parallel


def test_a_parallel_build_equals_a_one_process_build(tmp_path, sample_roster):
    outputs = {}
    for workers in (1, 2):
        cfg = make_config(tmp_path / f"w{workers}")
        summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME, workers=workers)
        assert len(summary.results) >= parallel.POOL_MIN
        outputs[workers] = {p.relative_to(cfg.dau_ra): p.read_bytes()
                            for p in cfg.dau_ra.rglob("*.docx")}
    assert outputs[1].keys() == outputs[2].keys()
    assert [k for k in outputs[1] if outputs[1][k] != outputs[2][k]] == []


def test_a_failing_render_leaves_no_temporary_file(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("{{ x }}")
    template = tmp_path / "t.docx"
    document.save(template)
    jobs = [parallel.Job(template, {"x": str(i)}, tmp_path / "out" / f"{i}.docx")
            for i in range(parallel.POOL_MIN + 6)]
    # The bad one first: the other chunks finish after it has failed.
    jobs.insert(0, parallel.Job(template, {}, tmp_path / "out" / "bad.docx"))
    with pytest.raises(Exception, match="x"):
        parallel.render_all(jobs, tone="cu", workers=2)
    assert list((tmp_path / "out").glob(".*.tmp")) == []


def test_a_chunk_that_fails_leaves_no_temporary_file(tmp_path):
    from kiemdiem_docs.errors import TemplateError
    from kiemdiem_docs.render import Job, builtin_template, render_all

    good = builtin_template("giay-moi.docx")
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a template")
    jobs = [Job(good, {}, tmp_path / f"{i}.docx") for i in range(3)]
    jobs.append(Job(broken, {}, tmp_path / "x.docx"))
    with pytest.raises(TemplateError):
        render_all(jobs, tone="cu", untrusted=True)
    assert not list(tmp_path.glob(".*.tmp"))
