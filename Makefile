# Two commands do everything on a fresh Debian/Ubuntu machine:
#   make book   - virtualenv + packages + TeX (apt-get if missing), then HTML and PDF
#   make test   - the same setup plus Chromium and axe-core, then ruff and pytest
#                 (unit tests, a full book build, browser and accessibility tests)
# Measurements, not tests: make audit (Lighthouse -> docs/audit.md), make bench (-> docs/benchmarks.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
JB := $(VENV)/bin/jupyter-book
BUILD_FLAGS := -n -W --keep-going
# The PDF's title-page date is the last commit's date, so that two builds of one commit match.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Debian packages for the PDF (see README): xelatex, xeCJK, Noto CJK fonts, latexmk, poppler.
TEX_PACKAGES := latexmk texlive-xetex texlive-fonts-recommended texlive-lang-cjk texlive-lang-chinese \
	fonts-noto-cjk poppler-utils

.PHONY: book html pdf test lint unit tables figures check venv tex browser netns audit bench clean

book: html pdf
	@echo "HTML: $(CURDIR)/_build/html/index.html"
	@echo "PDF:  $(CURDIR)/_build/latex/book.pdf"

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (interviews)" >/dev/null
	touch $@

tex:
	@if command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v pdftotext >/dev/null \
	   && kpsewhich xeCJK.sty >/dev/null && kpsewhich ctexhook.sty >/dev/null && kpsewhich pzdr.tfm >/dev/null \
	   && fc-list | grep -q "Noto Serif CJK SC"; then \
	  echo "TeX packages: present"; \
	else \
	  echo "Installing TeX packages with apt-get (a few minutes)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(TEX_PACKAGES) >/dev/null; \
	fi

# Debian's Chromium (driven by Playwright, which downloads no browser) and, from the npm
# registry, axe-core for the accessibility tests; Lighthouse too for `make audit`.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "Chromium: present"; else \
	  echo "Installing Chromium with apt-get"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; \
	fi
	@if [ -f tools/node_modules/axe-core/axe.min.js ]; then echo "axe-core: present"; else \
	  command -v npm >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq npm >/dev/null; }; \
	  npm ci --prefix tools --omit=dev --no-audit --no-fund --loglevel=error; \
	fi

tools/node_modules/lighthouse/package.json: tools/package-lock.json
	npm ci --prefix tools --no-audit --no-fund --loglevel=error
	touch $@

audit: html browser tools/node_modules/lighthouse/package.json
	$(PY) -m interviews audit --html _build/html --out docs/audit.md

# Compares the parser and coder with the last commit before they were made faster.
BENCH_COMPARE ?= c7a0a64
bench: venv tex browser html
	$(PY) -m interviews bench --runs 5 --compare $(BENCH_COMPARE) --out docs/benchmarks.md

html: venv
	$(PY) -m interviews freshen --build-dir _build
	$(JB) build . --builder html $(BUILD_FLAGS)

pdf: venv tex
	$(PY) -m interviews freshen --build-dir _build
	$(JB) build . --builder pdflatex $(BUILD_FLAGS)

lint: venv
	$(VENV)/bin/ruff check src tests

unit: venv
	$(VENV)/bin/pytest -m "not build"

test: venv tex browser netns lint
	$(VENV)/bin/pytest

# `ip` (iproute2) brings up loopback in the network namespace of the offline build test.
netns:
	@command -v ip >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq iproute2 util-linux >/dev/null; }

tables: venv
	$(PY) -m interviews tables

figures: venv
	$(PY) -m interviews figures --out _build/figures

check: venv
	$(PY) -m interviews check

clean:
	rm -rf _build
