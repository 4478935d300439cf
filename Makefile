# The book's pipeline as make targets: `make help` lists them. Two commands do everything on
# a fresh Debian/Ubuntu machine: `make book` (HTML and PDF) and `make test` (what CI runs).
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The PDF's title-page date is the last commit's date, so that two builds of one commit match.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
# latexmk quietly: LaTeX's own pass-by-pass warnings (references resolved on a later pass) are noise;
# the PDF tests read the final LaTeX log for what matters (missing characters).
export LATEXMKOPTS ?= -silent
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages for the PDF: xelatex, xeCJK, Noto CJK fonts, latexmk, poppler (pdftotext).
TEX_PACKAGES := latexmk texlive-xetex texlive-fonts-recommended texlive-lang-cjk texlive-lang-chinese \
	fonts-noto-cjk poppler-utils
# What the generated tables are computed from: the package and the data, not the tables themselves.
# Folders count too: a file added or deleted changes its folder's time.
TABLE_INPUTS := $(shell find src/interviews data \( -type f -o -type d \) -not -path 'data/processed*' \
	-not -path '*/__pycache__*' 2>/dev/null)
# What the chapters can read: the chapters, the package, the data (generated tables included), the settings.
# (Not the folder `book` itself: that is also the name of a target.)
FRESHEN_INPUTS := $(TABLE_INPUTS) $(shell find data/processed book -mindepth 1 \( -type f -o -type d \) \
	-not -path '*/__pycache__*' 2>/dev/null) _config.yml _toc.yml
# Coverage of the product package (interviews.dev, the developer tools, is left out: pyproject.toml).
COVERAGE := --cov --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=85

.PHONY: help book test venv deps check tables freshen html pdf figures lint format unit integration audit bench clean \
	publish

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

book: html pdf ## build the book: HTML in _build/html, PDF in _build/latex/book.pdf (and in the site)
	$(PY) -m interviews site --build-dir _build
	@echo "HTML: $(CURDIR)/_build/html/index.html"
	@echo "PDF:  $(CURDIR)/_build/latex/book.pdf"

test: deps lint unit integration ## what CI runs: lint, unit tests with coverage, then the builds and browser tests

# --- environment -------------------------------------------------------------------------

venv: $(VENV)/.installed ## the virtual environment with the pinned packages (needs no root)

$(VENV)/.installed: requirements.txt pyproject.toml src/interviews/report/kernel/kernel.json
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps $$(sed -n 's/^# no-deps: //p' requirements.txt)
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(VENV)/bin/jupyter kernelspec install --sys-prefix --replace --name python3 src/interviews/report/kernel >/dev/null 2>&1
	touch $@

deps: ## system packages (TeX, Chromium, iproute2, npm tools); the one target that calls apt-get
	@missing=""; \
	{ command -v xelatex && command -v latexmk && command -v pdftotext && kpsewhich xeCJK.sty && kpsewhich ctexhook.sty \
	  && kpsewhich pzdr.tfm && fc-list | grep -q "Noto Serif CJK SC"; } >/dev/null 2>&1 || missing="$(TEX_PACKAGES)"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	command -v ip >/dev/null || missing="$$missing iproute2"; \
	command -v unshare >/dev/null || missing="$$missing util-linux"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing with apt-get (a few minutes):$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else echo "System packages: present"; fi
	@if [ -f tools/node_modules/axe-core/axe.min.js ]; then echo "npm tools: present"; else \
	  npm ci --prefix tools --omit=dev --no-audit --no-fund --loglevel=error; fi

# --- the pipeline: raw text -> tables -> notebooks -> HTML and PDF -------------------------

check: venv ## validate metadata, raw files, transcripts and reading notes
	$(PY) -m interviews check

tables: _build/.tables ## regenerate data/processed/ when the package or the data changed

_build/.tables: $(TABLE_INPUTS) | venv
	$(PY) -m interviews tables >/dev/null
	@mkdir -p _build && touch $@
	@echo "data/processed/: up to date"

freshen: venv ## execute, in parallel, the chapters whose code or inputs changed (into the cache)
	$(PY) -m interviews freshen --build-dir _build

# The builds check the inputs, regenerate the tables and freshen the cache again whenever a
# chapter, the package, the data or the book's settings changed since the last time, in one
# process (`freshen --check`), so that the check overlaps the start of the chapters' kernels;
# freshen itself finds which chapters to execute. A failed check stops it before any chapter runs.
_build/.freshened: $(FRESHEN_INPUTS) | venv
	$(PY) -m interviews freshen --build-dir _build --check
	@touch $@

html: venv _build/.freshened _build/html/.built ## the HTML site, strictly (a warning fails the build)

# Sphinx runs again when anything the chapters can read, the cache of their outputs or the
# packages changed; the stamp lives in the site, so that a deleted site is built again.
_build/html/.built: $(FRESHEN_INPUTS) _build/.freshened $(VENV)/.installed
	$(PY) -m interviews build --builder html
	@touch $@

pdf: venv deps _build/.freshened ## the PDF, strictly
	$(PY) -m interviews build --builder pdflatex

figures: venv ## every figure as SVG and PNG in _build/figures, named after its label
	$(PY) -m interviews figures --out _build/figures

# --- publishing ----------------------------------------------------------------------------

# The git remote (a name or a URL) whose gh-pages branch `make publish` replaces with the site.
REMOTE ?= origin
publish: book ## build the book and push the site (HTML, PDF, notebooks) to REMOTE's gh-pages branch
	$(VENV)/bin/ghp-import --no-jekyll --push --force --remote "$(REMOTE)" --branch gh-pages \
	  --message "Publish the book built from $$(git rev-parse --short HEAD 2>/dev/null || echo 'an unknown commit')" \
	  _build/html
	@echo "published _build/html to the gh-pages branch of $(REMOTE)"

# --- quality -----------------------------------------------------------------------------

lint: venv ## ruff: style, imports, likely bugs
	@echo "== lint (ruff)"
	$(VENV)/bin/ruff check src tests

format: venv ## fix what ruff can fix (import order, modern syntax)
	$(VENV)/bin/ruff check --fix src tests

unit: venv ## unit tests with branch coverage; no root, no system packages
	@echo "== unit tests (one file per module), with branch coverage"
	$(VENV)/bin/pytest tests --ignore=tests/integration $(COVERAGE)

integration: venv deps ## the book built strictly (twice, offline), chapters as notebooks, browser tests
	@echo "== integration: strict HTML and PDF builds, notebooks, add round trip, reproducibility, browser"
	$(VENV)/bin/pytest tests/integration -v

# --- measurements (not tests) --------------------------------------------------------------

audit: html deps tools/node_modules/lighthouse/package.json ## Lighthouse on every page -> reports/audit.md
	$(PY) -m interviews.dev audit --html _build/html --out reports/audit.md

tools/node_modules/lighthouse/package.json: tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $@

# Compares the parser and coder with the last commit before they were made faster.
BENCH_COMPARE ?= c7a0a64
bench: venv deps html ## time builds, parsing and coding -> reports/benchmarks.md (about 20 minutes)
	$(PY) -m interviews.dev bench --runs 5 --compare $(BENCH_COMPARE) --out reports/benchmarks.md

clean: ## remove the build folder
	rm -rf _build
