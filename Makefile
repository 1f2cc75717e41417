# Two commands do all the set-up on a fresh machine (Python >= 3.11 and make):
#   make serve   build the handbook and serve it at http://127.0.0.1:8000 with live reload
#                (installs what building and serving need, nothing more)
#   make test    run every test (after make lint; installs the test tools and axe-core first)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# What is installed, one stamp each: building and serving (the package and its dependencies);
# the tests and the lint (the test extra: pytest, Playwright, WeasyPrint, Zensical, ruff, mypy...);
# the PDFs (the pdf extra: WeasyPrint).
STAMP      := $(VENV)/.installed-stamp
TEST_STAMP := $(VENV)/.test-stamp
PDF_STAMP  := $(VENV)/.pdf-stamp
# axe-core for the accessibility test, pinned in tests/a11y/package-lock.json (npm ci)
AXE := tests/a11y/node_modules/axe-core/axe.min.js
export NO_MKDOCS_2_WARNING := 1
# Which estate make build / make serve build (procedures/estates/<id>/): empty = the first listed.
ESTATE ?=
# Each value a user gives kept as written ($(value)), in a simple variable: make expands a variable
# that goes to a command's environment (ESTATE; make passes every command-line variable there), and
# OLD='$(shell touch x)' ran touch before any command did.
override ESTATE := $(value ESTATE)
override NEXT := $(value NEXT)
export ESTATE
# A value the user gave (OLD=, NEW=, ESTATE=), as written (make's $(value): nothing in it expanded)
# and quoted for the shell: the command gets it as it is, and no ; ` $( | & or quote in it runs anything.
quote = '$(subst ','"'"',$(value $(1)))'

.PHONY: bench-estates serve build build-all build-offline build-properdocs build-zensical build-zensical-offline check diff lint test golden schema clean bench pdf

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

$(PDF_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[pdf]'
	touch $(PDF_STAMP)

# Without npm the accessibility test is skipped (and fails in CI): apt-get install npm
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error && touch $(AXE); \
	else \
	  echo "npm not found: the accessibility test (axe-core) will be skipped; apt-get install npm"; \
	fi

serve: $(STAMP)  ## build and serve one estate's handbook (ESTATE=<id>, default the first) with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## build one estate's handbook (ESTATE=<id>, default the first) into site/ (warnings are errors)
	$(BIN)/mkdocs build --strict

build-all: $(STAMP)  ## build every estate's handbook into site-estates/<id>/ and the company page site-estates/index.html
	$(BIN)/python -m handbook_mkdocs.estates --out site-estates

build-offline: $(STAMP)  ## build the handbook for opening from a folder into site-offline/ (double-click index.html)
	$(BIN)/mkdocs build --strict -f mkdocs-offline.yml

build-properdocs: $(STAMP)  ## the same handbook built by ProperDocs (the maintained MkDocs 1.x fork) into site-properdocs/
	$(BIN)/python -m pip install --quiet -e '.[properdocs]'
	$(BIN)/properdocs build --strict -f mkdocs.yml -d site-properdocs

pdf: $(PDF_STAMP)  ## the printed handbook of ESTATE (default the first): pdf/<estate>/handbook.pdf (whole manual), checklists.pdf (binder), forms.pdf (blank forms)
	$(BIN)/handbook pdf $(if $(value ESTATE),--estate $(call quote,ESTATE)) $(if $(NEXT),--next)

build-zensical: $(STAMP)  ## build the same handbook with Zensical into site-zensical/ (see README: generators)
	$(BIN)/python -m pip install --quiet -e '.[zensical]'
	$(BIN)/python -m handbook_zensical

build-zensical-offline: $(STAMP)  ## the Zensical build for opening from a folder, into site-zensical-offline/
	$(BIN)/python -m pip install --quiet -e '.[zensical]'
	$(BIN)/python -m handbook_zensical --offline --site-dir site-zensical-offline

check: $(STAMP)  ## validate the data in procedures/ only
	$(BIN)/handbook check

OLD ?= HEAD
NEW ?= procedures
override OLD := $(value OLD)
override NEW := $(value NEW)
diff: $(STAMP)  ## the change notice for your edits: make diff (HEAD against the working data), make diff OLD=HEAD~1 NEW=HEAD
	$(BIN)/handbook diff $(call quote,OLD) $(call quote,NEW)

lint: $(TEST_STAMP)  ## ruff (likely bugs) and mypy (types, strict for hooks/); settings in pyproject.toml
	$(BIN)/ruff check
	$(BIN)/mypy

test: $(TEST_STAMP) $(AXE) lint  ## run every test, after the lint
	$(BIN)/python -m pytest

golden: $(TEST_STAMP)  ## rewrite the golden files after an intended change (review git diff!)
	$(BIN)/python -m pytest --update-golden -q tests/render/test_pages.py tests/charts/test_flowchart.py

schema: $(STAMP)  ## regenerate schema/*.schema.json from the models
	$(BIN)/handbook schema

bench: $(TEST_STAMP)  ## time the build: real handbook, 100 and 1,000 procedures (BENCH_RUNS=1 BENCH_SIZES=100 for a quick run)
	$(BIN)/python bench/run.py

bench-estates: $(TEST_STAMP)  ## time make build-all against one make build per estate (2 real, then 10 synthetic estates)
	$(BIN)/python bench/estates.py

clean:
	rm -rf site site-estates site-offline site-properdocs site-zensical site-zensical-offline pdf .zensical .zensical.yml .cache .pytest_cache .hypothesis .ruff_cache .mypy_cache
