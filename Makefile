# Two commands on a fresh machine: `make book` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

# Python 3.11: python3.11 if present, else python3 (checked to be 3.11 before the venv is made).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
# Fixed string hashing, so that set ordering (for example in Sphinx's search index) is the same on every build.
export PYTHONHASHSEED := 0
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS := $(shell find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)
# Parallel workers for notebook execution and tests: one per core.
JOBS ?= $(shell nproc 2>/dev/null || echo 1)

.PHONY: help env book serve test browser-test pdf baseline chapters findings figures validate bench bench-pages reproduce clean

help:
	@echo "make book       set up .venv from requirements.lock and build the HTML book into _build/html/"
	@echo "make env        set up .venv from requirements.lock only"
	@echo "make serve      build, serve the book on http://127.0.0.1:8000/ and rebuild when an input changes"
	@echo "make test       set up .venv and run every test: unit, data, notebook regression (nbval), strict build"
	@echo "make browser-test  build the book from stored outputs if needed, then check every page in headless Chromium"
	@echo "make pdf        build the whole book as one PDF into _build/pdf/book.pdf (and link it from the built site)"
	@echo "make validate   validate the data package under data/"
	@echo "make findings   check every registered finding of the prose against the data (exit 1 naming stale ones)"
	@echo "make chapters   write one chapter per case from the template, and the case parts of _toc.yml"
	@echo "make figures    write every book figure as SVG into figures/"
	@echo "make baseline   write the case chapters, then re-execute every notebook in place (the nbval baseline)"
	@echo "make bench      time notebook execution, clean build, no-op rebuild and the test suite"
	@echo "make bench-pages  page weight and Lighthouse scores of every page, against the default Jupyter Book template"
	@echo "make reproduce  clean, validate, test and build from scratch"
	@echo "make clean      remove build outputs (keeps .venv)"

# The environment is rebuilt when the lock file or the package metadata changes.
$(STAMP): requirements.lock pyproject.toml
	@test -n "$(PYTHON)" || { echo "error: no python3.11 or python3 on PATH; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' || { echo "error: $(PYTHON) is not Python 3.11; set PYTHON=/path/to/python3.11" >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-virtualenv -r requirements.lock
	$(BIN)/python -m pip install --quiet --require-virtualenv --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $(STAMP)

env: $(STAMP)

# The book is executed from the current code and data, and rebuilt only when an input changed (a content hash of
# book/, data/, analysis/, tools/, the configuration, the lock file and the commit: tools/build_book.py).
# Only the notebooks whose cells, code or data reads changed execute again, $(JOBS) at a time.
# It is built into a fresh directory and moved into place only when the strict build succeeds,
# so a failed build never leaves a half-built book in _build/html.
book: $(STAMP)
	$(BIN)/python tools/build_book.py --jobs $(JOBS)

serve: $(STAMP)
	$(BIN)/python tools/serve.py

# Unit and data tests with the doctests, and notebook regression (nbval executes every notebook and compares every
# stored output, SVG figures included), in one pytest run over $(JOBS) workers (each notebook stays on one worker);
# then the strict book build from the outputs nbval has just checked: each notebook executes once per test run,
# and the book shows exactly what nbval compared. Last, the tests of the built site (tests/test_site.py, which skip in
# the first run when no book is built yet) and the browser suite check every page of that build in
# headless Chromium (tests/browser; the first pytest run ignores it: see pyproject.toml).
BROWSER_TEST := $(BIN)/python -m pytest -n $(JOBS) tests/browser tests/test_site.py -p no:cacheprovider
test: $(STAMP)
	@test -n "$(NOTEBOOKS)" || { echo "error: no notebooks found under book/" >&2; exit 1; }
	$(BIN)/python -m pytest -n $(JOBS) --dist loadscope -p no:cacheprovider tests analysis \
		--nbval --nbval-sanitize-with tests/sanitize.cfg $(NOTEBOOKS)
	$(BIN)/python tools/build_book.py --stored
	$(BROWSER_TEST)

# The browser suite alone, on the book built from stored outputs (a no-op build when nothing changed).
browser-test: $(STAMP)
	$(BIN)/python tools/build_book.py --stored
	$(BROWSER_TEST)

# The PDF edition: singlehtml from stored outputs, printed by headless Chromium (tools/pdf.py).
pdf: $(STAMP)
	$(BIN)/python tools/pdf.py

validate: $(STAMP)
	$(BIN)/python -m analysis validate

findings: $(STAMP)
	$(BIN)/python -m analysis findings

chapters: $(STAMP)
	$(BIN)/python tools/chapters.py

figures: $(STAMP)
	$(BIN)/python -m analysis figures figures

# Chapters are regenerated first, so that a new case gets its chapter; the notebook list is read afterwards.
baseline: $(STAMP)
	$(BIN)/python tools/chapters.py
	$(BIN)/python tools/execute_notebooks.py --jobs $(JOBS) $$(find book -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' | sort)

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

# Page weight and Lighthouse scores of every page against the default Jupyter Book template (a measurement, not a test).
bench-pages: $(STAMP)
	$(BIN)/python tools/build_book.py --stored
	$(BIN)/python bench/pageweight.py

reproduce: clean
	$(MAKE) validate
	$(MAKE) test
	$(MAKE) book

clean:
	rm -rf _build figures .pytest_cache
