# Set-up and the two everyday jobs. Only Python 3.11+ and make are needed.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest system-packages bench clean screenshots

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat mode: a plain path entry, not an import hook that costs every command ~60 ms
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

## demo: extract -> update -> check -> translate (TM) -> render -> status, offline, on a
## fresh copy of the sample project in build/demo: the committed catalogs stay as they are
DEMO := build/demo
TRANSLATOR := $(CURDIR)/$(BIN)/translator
demo: $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	cp -R translator.yaml locales glossary $(DEMO)/
	cd $(DEMO) && $(TRANSLATOR) extract
	cd $(DEMO) && $(TRANSLATOR) update
	@echo "--- translator check (the sample source misspells MoE as MoM: an expected error)"
	cd $(DEMO) && $(TRANSLATOR) check || true
	@echo "--- translator translate: drafts for the follow-up article from the translation memory"
	cd $(DEMO) && $(TRANSLATOR) translate
	cd $(DEMO) && $(TRANSLATOR) render
	cd $(DEMO) && $(TRANSLATOR) render --format html
	cd $(DEMO) && $(TRANSLATOR) status
	cd $(DEMO) && $(TRANSLATOR) report
	@echo "--- the demo worked on a copy: catalogs with drafts in $(DEMO)/locales/,"
	@echo "    rendered articles (Markdown and HTML) in $(DEMO)/build/<locale>/"
	@echo "--- the report: $(CURDIR)/$(DEMO)/build/report.html (open it in any browser)"

## test: ruff, mypy and the whole test suite
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check translator tests benchmarks scripts

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system-packages
	$(BIN)/pytest

## system-packages: what the tests use outside Python, from Debian's registry: GNU gettext
## (msgfmt validates the catalogs we write), Chromium and a Japanese font (the browser
## tests), EDICT (the Japanese-English lexicon `translator align` reads). Installed when
## missing and apt-get can (as root); otherwise the command is printed, msgfmt checks are
## skipped, the browser tests fail naming it and align works without a lexicon.
APT_PACKAGES = $(if $(shell command -v msgfmt),,gettext) \
	$(if $(and $(shell command -v chromium),$(shell fc-list :lang=ja 2>/dev/null)),,chromium fonts-ipafont-gothic) \
	$(if $(wildcard /usr/share/edict/edict),,edict)
APT_INSTALL = apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=300
system-packages:
	@if [ -n "$(strip $(APT_PACKAGES))" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing $(strip $(APT_PACKAGES)) (Debian packages the tests use)"; \
	    (apt-get update -qq && $(APT_INSTALL) $(APT_PACKAGES) >/dev/null) || \
	      echo "could not install $(strip $(APT_PACKAGES)): run $(APT_INSTALL) $(APT_PACKAGES)"; \
	  else \
	    echo "missing $(strip $(APT_PACKAGES)): run (as root) $(APT_INSTALL) $(APT_PACKAGES)"; \
	  fi; \
	fi

## screenshots: the report and an article as Chromium draws them, for the README (docs/)
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build .mypy_cache .ruff_cache .pytest_cache .hypothesis
