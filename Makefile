# Two commands matter: `make build` and `make test`. Both bootstrap what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check bench clean help

help:
	@echo "make build   - set up .venv if needed, validate content, generate docs/, build site/"
	@echo "make test    - set up .venv if needed and run the whole test suite"
	@echo "make serve   - live preview on http://127.0.0.1:8000/ (rebuilds on content changes)"
	@echo "make check   - validate content only"

# The virtual environment is (re)built only when missing or older than the
# dependency declarations, so repeated runs are fast.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

build: $(STAMP)
	$(BIN)/faq-build build

check: $(STAMP)
	$(BIN)/faq-build check

serve: $(STAMP)
	$(BIN)/faq-build serve

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf site docs .build-* .pytest_cache
