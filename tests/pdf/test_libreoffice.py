"""Every kind opens in LibreOffice: one document of each, converted to PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from docutil import text_lines

from kiemdiem_docs import vn

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice không có trên máy này (CI cài nó; ở đây bỏ qua)",
)


@needs_soffice
def test_one_of_each_kind_converts(sample_build, tmp_path):
    assert SOFFICE, "CI must have LibreOffice: .ci/run installs libreoffice-writer-nogui"
    _, summary = sample_build
    firsts = {}
    for r in summary.results:
        if r.kind not in firsts:
            # Kinds share file stems (one per organisation): give each its own name.
            firsts[r.kind] = tmp_path / f"{r.kind}.docx"
            shutil.copyfile(r.path, firsts[r.kind])
    profile = tmp_path / "profile"
    subprocess.run(
        [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), *map(str, firsts.values())],
        check=True, capture_output=True, timeout=300,
    )
    for kind, docx_path in firsts.items():
        pdf = tmp_path / (docx_path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, kind
        if shutil.which("pdftotext"):
            extracted = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                       capture_output=True, text=True).stdout
            words = " ".join(vn.nfc(extracted).split())
            assert "ĐẢNG CỘNG SẢN VIỆT NAM" in words, kind
            numbers = re.findall(r"Số\s+[0-9 ]*-[^\s/]+/\S+", " ".join(text_lines(docx_path)))
            for number in numbers:
                assert " ".join(number.split()) in words, kind
