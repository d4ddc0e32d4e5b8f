# Two commands: `make lab` opens the course, `make test` runs every check.
# Both create the virtual environment .venv first when it is missing or older than pyproject.toml.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LAB_ARGS ?=
FIRST_LESSON := $(firstword $(sort $(wildcard lessons/*.ipynb)))
JOBS ?= 2
# Jupyter refuses to run as root (containers, CI) unless told it may.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: lab test setup clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	touch $@

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" $(ALLOW_ROOT) $(LAB_ARGS) $(FIRST_LESSON)

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest -rs -n $(JOBS) --dist loadfile --doctest-modules src/coursekit tests
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg lessons solutions
	$(BIN)/python -m pytest -n $(JOBS) --dist loadfile --nbval-lax --nbval-current-env exercises

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache screenshots
