"""Shared fixtures: the sample roster, one build of it, and the golden-file switch."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from hypothesis import configuration

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"

# Tests never write into the repository: hypothesis keeps its cache elsewhere.
configuration.set_hypothesis_home_dir(tempfile.mkdtemp(prefix="kiemdiem-hypothesis-"))
SAMPLE = REPO / "data" / "danh-sach-mau.xlsx"
# The sample round is built as if on this day, so dates in golden files never move.
BUILD_DAY = dt.date(2024, 11, 20)
BUILD_TIME = dt.datetime(2024, 11, 20, 9, 0)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return request.config.getoption("--update-golden")


def load(path: Path, config=None):
    """A workbook read and validated as a build reads it (the default settings unless
    ``config``)."""
    from kiemdiem_docs import config as config_mod
    from kiemdiem_docs.api import load_roster

    return load_roster(path, config or config_mod.from_dict({}, Path(path).parent))


@pytest.fixture(scope="session")
def sample_roster():
    return load(SAMPLE)


def make_config(tmp: Path, **sections):
    from kiemdiem_docs import config

    raw = {"tep": {"dau_ra": str(tmp / "output"), "mau": str(tmp / "templates")}}
    for name, values in sections.items():
        raw[name] = values
    return config.from_dict(raw, tmp)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory, sample_roster):
    """The whole sample round built once: (config, summary)."""
    from kiemdiem_docs.api import build

    tmp = tmp_path_factory.mktemp("sample-build")
    cfg = make_config(tmp)
    return cfg, build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME)


@pytest.fixture(scope="session")
def pdf_build(tmp_path_factory, sample_roster):
    """The sample round built with its PDFs by LibreOffice: (config, summary, converter)."""
    from kiemdiem_docs.api import build
    from kiemdiem_docs.pdf import make_converter

    tmp = tmp_path_factory.mktemp("pdf-build")
    cfg = make_config(tmp)
    converter = make_converter("libreoffice")
    assert converter is not None, "CI must have LibreOffice"
    summary = build(cfg, sample_roster, today=BUILD_DAY, now=BUILD_TIME, converter=converter)
    return cfg, summary, converter


def check_golden(name: str, document: Path, update: bool) -> None:
    """Compare a document's text with tests/golden/<name>.txt (rewrite it with --update-golden)."""
    from docutil import text

    got = text(document, line_break=" ↵ ") + "\n"
    golden = TESTS / "golden" / f"{name}.txt"
    if update:
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), "no golden file yet: run pytest --update-golden"
    assert got == golden.read_text(encoding="utf-8")


def register_problems(register_path: Path, out: Path | None = None) -> list[str]:
    """The register invariant (``kiemdiem_docs.register.verify``) of one workspace; the
    output folder is the register's sibling ``output`` unless given."""
    from kiemdiem_docs.register import open_register, verify

    with open_register(register_path) as register:
        return verify(register, out or register_path.parent / "output")


@pytest.fixture
def register_sound(tmp_path_factory):
    """After the test: every register it wrote (anywhere under pytest's temporary folder,
    module fixtures' too) agrees with its files."""
    import time

    start = time.time_ns()
    yield
    for path in tmp_path_factory.getbasetemp().rglob("*.sqlite"):
        if path.stat().st_mtime_ns >= start and (path.parent / "output").is_dir():
            assert register_problems(path) == [], path
