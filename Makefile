# Hai lệnh dựng mọi thứ trên máy mới: `make run` và `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test serve templates sample bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(STAMP)

# Sinh mọi văn bản từ sổ danh sách mẫu vào output/.
run: $(STAMP)
	$(BIN)/kiemdiem validate
	$(BIN)/kiemdiem build
	$(BIN)/kiemdiem check output

# Toàn bộ bộ kiểm thử (và ruff).
test: $(TEST_STAMP)
	$(BIN)/ruff check kiemdiem_docs tests bench scripts
	$(BIN)/python -m pytest -q

WEB_STAMP := $(VENV)/.installed-web

$(WEB_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[web]'
	touch $@

# Trang web cho văn thư trên không gian làm việc mẫu (thư mục này), ở http://127.0.0.1:8000/.
serve: $(WEB_STAMP)
	$(BIN)/kiemdiem serve --host 127.0.0.1 --port 8000

# Sinh lại các mẫu .docx có sẵn từ mã nguồn (kiemdiem_docs/tplbuild).
templates: $(STAMP)
	$(BIN)/python -m kiemdiem_docs.tplbuild kiemdiem_docs/templates

# Sinh lại sổ danh sách mẫu data/danh-sach-mau.xlsx (đợt 2024) và của đợt mẫu 2026.
sample: $(STAMP)
	$(BIN)/python scripts/make_sample.py data/danh-sach-mau.xlsx
	$(BIN)/python scripts/make_sample.py data/dot-2026/danh-sach-mau.xlsx --nam 2026

bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf output $(VENV)
