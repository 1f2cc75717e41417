# Two commands do all the set-up on a fresh machine (Python >= 3.11 and make):
#   make serve   build the handbook and serve it at http://127.0.0.1:8000 with live reload
#   make test    run every test (after make lint)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1
# Which estate make build / make serve build (procedures/estates/<id>/): empty = the first listed.
ESTATE ?=
export ESTATE
# A value the user gave (OLD=, NEW=, ESTATE=), as written (make's $(value): nothing in it expanded)
# and quoted for the shell: the command gets it as it is, and no ; ` $( | & or quote in it runs anything.
quote = '$(subst ','"'"',$(value $(1)))'

.PHONY: bench-estates serve build build-all build-offline build-properdocs build-zensical build-zensical-offline check diff lint test golden schema clean bench pdf

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

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

pdf: $(STAMP)  ## the printed handbook of ESTATE (default the first): pdf/<estate>/handbook.pdf (whole manual), checklists.pdf (binder), forms.pdf (blank forms)
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
diff: $(STAMP)  ## the change notice for your edits: make diff (HEAD against the working data), make diff OLD=HEAD~1 NEW=HEAD
	$(BIN)/handbook diff $(call quote,OLD) $(call quote,NEW)

lint: $(STAMP)  ## ruff (likely bugs) and mypy (types, strict for hooks/); settings in pyproject.toml
	$(BIN)/ruff check
	$(BIN)/mypy

test: $(STAMP) lint  ## run every test, after the lint
	$(BIN)/python -m pytest

golden: $(STAMP)  ## rewrite the golden files after an intended change (review git diff!)
	$(BIN)/python -m pytest --update-golden -q tests/render/test_pages.py tests/charts/test_flowchart.py

schema: $(STAMP)  ## regenerate schema/*.schema.json from the models
	$(BIN)/handbook schema

bench: $(STAMP)  ## time the build: real handbook, 100 and 1,000 procedures (BENCH_RUNS=1 BENCH_SIZES=100 for a quick run)
	$(BIN)/python bench/run.py

bench-estates: $(STAMP)  ## time make build-all against one make build per estate (2 real, then 10 synthetic estates)
	$(BIN)/python bench/estates.py

clean:
	rm -rf site site-estates site-offline site-properdocs site-zensical site-zensical-offline pdf .zensical .zensical.yml .cache .pytest_cache .hypothesis .ruff_cache .mypy_cache
