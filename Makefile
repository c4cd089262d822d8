# Two entry points: `make demo` and `make test`. Everything installs into .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SAMPLE := sample_exports/Complete_LinkedInDataExport_11-24-2026.zip

.PHONY: demo test bench samples clean chromium

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
	mkdir -p demo
	$(BIN)/toolkit scan $(SAMPLE) --json demo/summary.json --html demo/report.html
	$(BIN)/toolkit export $(SAMPLE) --out demo/flagged.csv
	@echo "Open demo/report.html in a browser; demo/flagged.csv in a spreadsheet."

test: $(VENV)/.installed-dev chromium
	$(BIN)/ruff check toolkit tests bench sample_exports
	$(BIN)/python -m pytest

# The HTML report's browser test needs Debian's chromium; as root we install it, otherwise the test says it skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is not installed and we are not root: the browser test will be skipped"; fi; }

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/inspect_bench.py
	$(BIN)/python bench/pii_bench.py
	$(BIN)/python bench/classify_bench.py
	$(BIN)/python bench/situations.py

samples: $(VENV)/.installed
	$(BIN)/python sample_exports/generate.py --out sample_exports --seed 7

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
