# Two commands do all the set-up on a fresh machine (Python >= 3.11 and make):
#   make serve   build the handbook and serve it at http://127.0.0.1:8000 with live reload
#   make test    run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test golden schema clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

serve: $(STAMP)  ## build and serve the handbook with live reload on procedures/ and docs/
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)  ## build the static site into site/ (warnings are errors)
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## validate the data in procedures/ only
	$(BIN)/handbook check

test: $(STAMP)  ## run every test
	$(BIN)/python -m pytest

golden: $(STAMP)  ## rewrite the golden files after an intended change (review git diff!)
	$(BIN)/python -m pytest --update-golden -q tests/test_pages.py tests/test_flowchart.py

schema: $(STAMP)  ## regenerate schema/*.schema.json from the models
	$(BIN)/handbook schema

clean:
	rm -rf site site-offline .pytest_cache .hypothesis
