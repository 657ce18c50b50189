"""A template runs no code: the known ways out of jinja, tried on render and on
check-template, change nothing on the machine."""

from __future__ import annotations

import shutil
import sys
import time
import tracemalloc

import pytest
from test_engine import template

from kiemdiem_docs import kinds
from kiemdiem_docs.errors import TemplateError
from kiemdiem_docs.render import builtin_template, fit, prepare, render

ESCAPES = [
    "{{ cycler.__init__.__globals__.os.system('touch %s') }}",
    "{{ joiner.__init__.__globals__.os.system('touch %s') }}",
    "{{ namespace.__init__.__globals__.os.system('touch %s') }}",
    "{{ lipsum.__globals__['os'].system('touch %s') }}",
    "{{ self._TemplateReference__context.cycler.__init__.__globals__.os.system('touch %s') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}{{ '%s' }}",
    "{{ x.__class__.__mro__[-1].__subclasses__() }}{{ '%s' }}",
    "{{ x['__class__'] }}{{ '%s' }}",
    "{%% set y = x.__class__ %%}{{ y.__init__.__globals__ }}{{ '%s' }}",
    "{{ x.format.__globals__ }}{{ '%s' }}",
    "{{ range.__self__ }}{{ '%s' }}",
    "{{ x|attr('__class__') }}{{ '%s' }}",
]


@pytest.mark.parametrize("payload", ESCAPES)
def test_no_escape_runs_and_each_is_refused(tmp_path, payload):
    mark = tmp_path / "ran"
    tpl = template(tmp_path, "Kính gửi: {{ x }}", payload % mark)
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError, match="Mẫu t.docx"):
        render(tpl, {"x": "Chi bộ"}, out)
    with pytest.raises(TemplateError, match="Mẫu t.docx"):
        prepare(tpl).render_bytes({"x": "Chi bộ"})
    assert not out.exists() and not mark.exists()


@pytest.mark.parametrize("payload", ESCAPES)
def test_check_template_refuses_every_escape(tmp_path, payload):
    kind = kinds.get("cong-van")
    tpl = tmp_path / "cong-van.docx"
    shutil.copyfile(builtin_template("cong-van.docx"), tpl)
    assert fit(tpl, kind) == []
    hostile = template(tmp_path, "{{ tieu_de }}{{ so }}{{ ngay }}{{ nguoi_ky }}{{ trich_yeu }}"
                       "{{ org }}", payload % (tmp_path / "ran"), name="h.docx")
    problems = fit(hostile, kind)
    assert problems, payload
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize("payload", ["{{ 'x' * 100000000 }}", "{{ [1] * 100000000 }}",
                                     "{{ 9 ** 9 ** 9 }}", "{% for i in range(10**9) %}a"
                                     "{% endfor %}"])
def test_a_template_cannot_exhaust_memory_or_time(tmp_path, payload):
    tpl = template(tmp_path, payload)
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(TemplateError):
        render(tpl, {}, tmp_path / "out.docx")
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{payload}: {seconds:.2f} s, peak {peak / 2**20:.1f} MB")
    assert seconds < 10 and peak < 200 * 2**20


@pytest.mark.parametrize("payload", [
    "{{ '%300000000d' % 1 }}", "{{ 'x'|center(300000000) }}", "{{ '{:>300000000}'.format(1) }}",
    "{{ 'x'|indent(300000000) }}", "{{ x|safe }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
])
def test_what_pads_formats_recurses_or_unescapes_is_refused(tmp_path, payload):
    tpl = template(tmp_path, payload)
    start = time.perf_counter()
    with pytest.raises(TemplateError):
        render(tpl, {"x": "<b>"}, tmp_path / "out.docx")
    assert time.perf_counter() - start < 10
    if "macro" not in payload:  # a macro calling itself is seen only when it runs
        assert fit(tpl, kinds.get("cong-van")) != []


def test_a_workspace_template_that_loops_forever_is_stopped(tmp_path, monkeypatch):
    from kiemdiem_docs.render import Job, pool

    monkeypatch.setattr(pool, "SECONDS_PER_DOCUMENT", 2)
    tpl = template(tmp_path, "{% for i in x %}{% for j in x %}{% for k in x %}a{% endfor %}"
                   "{% endfor %}{% endfor %}")
    start = time.perf_counter()
    with pytest.raises(TemplateError, match="điền dữ liệu quá lâu"):
        pool.render_all([Job(tpl, {"x": list(range(100_000))}, tmp_path / "o.docx")],
                        tone="cu", untrusted=True)
    assert time.perf_counter() - start < 30
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.skipif(sys.platform != "linux", reason="the worker's memory is bounded on Linux")
def test_a_workspace_template_cannot_take_all_memory(tmp_path, monkeypatch):
    from kiemdiem_docs.render import Job, pool

    monkeypatch.setattr(pool, "WORKER_MEMORY", 300 * 1024**2)
    tpl = template(tmp_path, "{% for i in x %}{{ y }}{% endfor %}")
    with pytest.raises(TemplateError, match="quá nhiều bộ nhớ"):
        pool.render_all([Job(tpl, {"x": list(range(10_000)), "y": "z" * 100_000},
                             tmp_path / "o.docx")], tone="cu", untrusted=True)


def test_a_template_slow_on_every_document_is_given_up_at_its_first_chunk(tmp_path,
                                                                          monkeypatch):
    from kiemdiem_docs.render import Job, pool

    monkeypatch.setattr(pool, "SECONDS_PER_DOCUMENT", 1)
    tpl = template(tmp_path, "{% for i in x %}{% for j in x %}a{% endfor %}{% endfor %}")
    jobs = [Job(tpl, {"x": list(range(100_000))}, tmp_path / f"o{n}.docx") for n in range(64)]
    start = time.perf_counter()
    with pytest.raises(TemplateError, match="điền dữ liệu quá lâu"):
        pool.render_all(jobs, tone="cu", untrusted=True, workers=2)
    # The old allowance was the kind's: 64 documents × 1 s. One chunk is 8 at most.
    assert time.perf_counter() - start < 32
    assert not list(tmp_path.glob(".*.tmp"))
