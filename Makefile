# Two commands do all the set-up on a fresh machine (Python >= 3.11 and make):
#   make serve   build the handbook and serve it at http://127.0.0.1:8000 with live reload
#   make test    run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build build-offline check diff test golden schema clean bench

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the handbook with live reload on procedures/ and docs/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## build the static site into site/ (warnings are errors)
	$(BIN)/mkdocs build --strict

build-offline: $(STAMP)  ## build the handbook for opening from a folder into site-offline/ (double-click index.html)
	$(BIN)/mkdocs build --strict -f mkdocs-offline.yml

check: $(STAMP)  ## validate the data in procedures/ only
	$(BIN)/handbook check

OLD ?= HEAD
NEW ?= procedures
diff: $(STAMP)  ## the change notice for your edits: make diff (HEAD against the working data), make diff OLD=HEAD~1 NEW=HEAD
	$(BIN)/handbook diff $(OLD) $(NEW)

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest

golden: $(STAMP)  ## rewrite the golden files after an intended change (review git diff!)
	$(BIN)/python -m pytest --update-golden -q tests/render/test_pages.py tests/charts/test_flowchart.py

schema: $(STAMP)  ## regenerate schema/*.schema.json from the models
	$(BIN)/handbook schema

bench: $(STAMP)  ## time the build: real handbook, 100 and 1,000 procedures (BENCH_RUNS=1 BENCH_SIZES=100 for a quick run)
	$(BIN)/python bench/run.py

clean:
	rm -rf site site-offline .pytest_cache .hypothesis
