# `make lab` opens the course, `make test` runs every check, `make check` the fast ones.
# Each first checks the Python version, (re)creates the virtual environment $(VENV) when it is
# missing or was made by another Python, and installs what it needs when pyproject.toml or
# constraints.txt changed: `make lab` only the course's runtime dependencies, `make test` and
# `make check` also the test extra. Versions are pinned by constraints.txt (one teaching term);
# `make constraints` refreshes it.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LAB_ARGS ?=
FIRST_LESSON := $(firstword $(sort $(wildcard lessons/*.ipynb)))
JOBS ?= 2
# Jupyter refuses to run as root (containers, CI) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
# "<base prefix> <version>" of a Python: tells whether $(VENV) was made by $(PYTHON).
PY_ID := import sys; print(sys.base_prefix, sys.version.split()[0])
NBVAL := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test check notebooks python-version venv setup setup-test constraints clean \
	site setup-site

# Stop before anything else when $(PYTHON) is missing or older than 3.11 (Ubuntu 22.04's
# python3 is 3.10: pip would fail half-way through the install).
python-version:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "coursekit needs Python 3.11 or newer; '$(PYTHON)' is:" \
	    "$$($(PYTHON) --version 2>&1 || echo 'not found')." >&2; \
	  echo "Install Python 3.11 (or newer), then run: make lab PYTHON=python3.11" \
	    "(or make test PYTHON=python3.11)." >&2; \
	  exit 1; }

# A $(VENV) made by another Python (or broken) is rebuilt; its install stamps go with it.
venv: python-version
	@if [ "$$($(BIN)/python -c '$(PY_ID)' 2>/dev/null)" != "$$($(PYTHON) -c '$(PY_ID)')" ]; then \
	  echo "Creating $(VENV) with $$($(PYTHON) --version 2>&1) ($(PYTHON))"; \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); \
	fi

# What learners need: the package and its runtime dependencies, nothing for testing.
setup: venv
	@if [ ! -f $(VENV)/.installed-runtime ] || [ pyproject.toml -nt $(VENV)/.installed-runtime ] \
	    || [ constraints.txt -nt $(VENV)/.installed-runtime ]; then \
	  $(BIN)/python -m pip install -c constraints.txt -e . && touch $(VENV)/.installed-runtime; \
	fi

# What the tests need as well (pytest, nbval, ruff, Playwright, ...), and what the website's
# tests need (tests/browser/test_site_browser.py): Jupyter Book (the `site` extra) and
# axe-core from npm in the git-ignored prefix .cache/axe (skipped when npm is missing: the
# test then says so, and fails under COURSEKIT_REQUIRE_BROWSER=1).
AXE_JS := .cache/axe/node_modules/axe-core/axe.min.js
setup-test: venv
	@if [ ! -f $(VENV)/.installed-test ] || [ pyproject.toml -nt $(VENV)/.installed-test ] \
	    || [ constraints.txt -nt $(VENV)/.installed-test ]; then \
	  $(BIN)/python -m pip install -c constraints.txt -e ".[test,site]" && \
	  touch $(VENV)/.installed-runtime $(VENV)/.installed-test $(VENV)/.installed-site; \
	fi
	@if [ ! -f $(AXE_JS) ] && command -v npm >/dev/null 2>&1; then \
	  npm install --no-audit --no-fund --prefix .cache/axe axe-core@4 >/dev/null; \
	fi

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) $(LAB_ARGS) $(FIRST_LESSON)

# Lint, unit tests and doctests: no notebooks, browsers, kernels, grading runs or servers.
check: setup-test
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -q -m "not slow and not browser" --durations=10 \
		--doctest-modules src/coursekit tests

notebooks: setup-test
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval $(NBVAL) lessons solutions
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-current-env exercises

test: setup-test
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -rs -n $(JOBS) --dist loadfile --durations=15 \
		--doctest-modules src/coursekit tests
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --durations=15 --nbval $(NBVAL) \
		lessons solutions
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --durations=15 --nbval-lax \
		--nbval-current-env exercises

# The course as a static website in _build/html (Jupyter Book 1.x): the README's course map as
# landing page, the lessons, the exercise sets and the instructor guide. Nothing is executed: the
# outputs committed with the notebooks are shown. Warnings (a broken cross-link) fail the build.
# Preview: $(BIN)/python -m http.server --directory _build/html 8000
setup-site: venv
	@if [ ! -f $(VENV)/.installed-site ] || [ pyproject.toml -nt $(VENV)/.installed-site ] \
	    || [ constraints.txt -nt $(VENV)/.installed-site ]; then \
	  $(BIN)/python -m pip install -c constraints.txt -e ".[site]" && \
	  touch $(VENV)/.installed-runtime $(VENV)/.installed-site; \
	fi

site: setup-site
	$(BIN)/jupyter-book build . --config site/_config.yml --toc site/_toc.yml \
		--warningiserror --keep-going

# Refresh the pins for a new teaching term: the newest versions pyproject.toml allows, in a
# scratch environment. Run `make test` afterwards and commit constraints.txt if it passes.
# Run it with the oldest supported Python (3.11, the default python3 here): a package only
# older Pythons need is then pinned too; newer ones just skip that line.
constraints: python-version
	rm -rf .venv-constraints
	$(PYTHON) -m venv .venv-constraints
	.venv-constraints/bin/python -m pip install --quiet --upgrade pip
	.venv-constraints/bin/python -m pip install --quiet -e ".[test,site]"
	{ echo "# Versions that pass \`make test\` (made by \`make constraints\` with" \
	    "$$(.venv-constraints/bin/python --version))."; \
	  .venv-constraints/bin/python -m pip freeze --exclude-editable; } > constraints.txt
	.venv-constraints/bin/python tools/pin_markers.py constraints.txt
	rm -rf .venv-constraints

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache screenshots _build
