# Two commands matter: `make build` and `make test`. Both bootstrap what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build release test test-fast lint mutation serve edit check fmt bench clean help

help:
	@echo "make build   - set up .venv if needed, validate content, generate docs/, build site/ (ENGINE=zensical: with Zensical)"
	@echo "make release - the same, but refuses to run unless FAQ_SITE_URL is the site's real public address"
	@echo "make test    - set up .venv if needed and run the whole test suite"
	@echo "make test-fast - the fast tier only (no site builds, subprocesses, PDFs, real content or browser; about 15 s)"
	@echo "make lint    - ruff over faq_build, tests and bench (also run by make test)"
	@echo "make mutation - mutation testing of the rule modules with the fast tier; writes bench/mutation.md (slow, not a CI gate)"
	@echo "make serve   - live preview on http://127.0.0.1:8000/ (rebuilds on content changes)"
	@echo "make edit    - the preview with the browser editor on http://127.0.0.1:8000/admin/ (saves content files)"
	@echo "make check   - validate content only"
	@echo "make fmt     - rewrite content files into the canonical layout (keeps comments)"
	@echo "make bench   - performance benchmark; writes bench/report.md, bench/report.json and bench/reading.md (phone reading)"

# The virtual environment is (re)built only when missing or older than the
# dependency declarations, so repeated runs are fast.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,zensical]'
	@touch $(STAMP)

# WeasyPrint (the PDF handouts) needs Pango, HarfBuzz-subset and a font from Debian.
# Installed only when missing (the usual image already has them).
.PHONY: pdf-libs
pdf-libs:
	@if ! { ldconfig -p | grep -q libpangoft2-1.0.so.0 && ldconfig -p | grep -q libharfbuzz-subset.so.0 && fc-list 2>/dev/null | grep -qi dejavu; }; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig; \
	fi

# The site engine: mkdocs (Material for MkDocs, the default) or zensical (its successor):
# `make build ENGINE=zensical`. Every step after the engine is the same for both.
ENGINE ?= mkdocs

# With FAQ_EDITOR_REPO=owner/name the site also carries the browser editor at /admin/ (Decap CMS from
# node_modules), saving to that GitHub repository as pull requests.
EDITOR_FILES := $(if $(FAQ_EDITOR_REPO),$(NODE_STAMP))

build: pdf-libs $(STAMP) $(EDITOR_FILES)
	$(BIN)/faq-build build --engine $(ENGINE)

# A release prints the public address on every handout and in its QR code, so it needs the real
# one: `FAQ_SITE_URL=https://<your site>/ make release`. Without it: exit 2, nothing written.
release: pdf-libs $(STAMP) $(EDITOR_FILES)
	$(BIN)/faq-build build --release --engine $(ENGINE)

check: $(STAMP)
	$(BIN)/faq-build check

serve: pdf-libs $(STAMP)
	$(BIN)/faq-build serve

fmt: $(STAMP)
	$(BIN)/faq-build fmt

# Browser tests (tests/browser/) need Debian's chromium and the npm tools (axe-core,
# lighthouse, vnu-jar). Installed only when missing or when package*.json changed.
CHROMIUM := /usr/bin/chromium

$(CHROMIUM):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium

$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)

# The browser editor (Decap CMS from node_modules, pinned in package-lock.json) on /admin/ of the
# preview, with the preview server itself as its local backend; 127.0.0.1 only.
edit: pdf-libs $(STAMP) $(NODE_STAMP)
	$(BIN)/faq-build serve --editor

# Handout tests decode QR codes with Debian's zbar-tools (zbarimg); WeasyPrint needs Pango,
# HarfBuzz-subset and the DejaVu fonts. Installed only when zbarimg is missing.
ZBARIMG := /usr/bin/zbarimg

$(ZBARIMG):
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y zbar-tools libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

# One pytest-xdist worker per core; a worker that runs out of tests takes some of another's.
# The workers share the handout caches and build the real site one after the other (tests/conftest.py).
test: pdf-libs $(STAMP) $(CHROMIUM) $(NODE_STAMP) $(ZBARIMG) lint
	$(BIN)/python -m pytest -n auto --dist worksteal

# ruff, configured in pyproject.toml ([tool.ruff]); part of `make test`, so CI fails on a finding.
lint: $(STAMP)
	$(BIN)/ruff check faq_build tests bench

# The editor's inner loop: in-memory tests only. Tiers are pytest markers (pyproject.toml);
# `-m content` runs the real content against today's date, `-m "not browser"` all but Chromium.
FAST := not slow and not content and not browser

test-fast: pdf-libs $(STAMP)
	$(BIN)/python -m pytest -m "$(FAST)"

# Can the tests fail when a rule breaks? mutmut ([tool.mutmut] in pyproject.toml) changes the
# validation and check modules one line at a time and runs the fast tier against each change.
mutation: pdf-libs $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,mutation]'
	$(BIN)/python bench/mutation.py

bench: pdf-libs $(STAMP) $(CHROMIUM) $(NODE_STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/reading.py

clean:
	rm -rf site docs .build-* .pytest_cache mutants
