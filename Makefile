# Two entry points: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := sample_exports/Complete_LinkedInDataExport_11-24-2026.zip

.PHONY: demo test lint bench samples clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/toolkit inspect $(SAMPLE)
	$(BIN)/toolkit scan $(SAMPLE)


test: $(VENV)/.installed-dev
	$(BIN)/ruff check toolkit tests bench sample_exports
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/inspect_bench.py

samples: $(VENV)/.installed
	$(BIN)/python sample_exports/generate.py --out sample_exports --seed 7

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
