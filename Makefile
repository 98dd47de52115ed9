# parley — the front door. Every target creates the environment it needs; nothing to do by hand.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= demo.duckdb

.PHONY: demo test lint fmt bench clean env

env: $(STAMP)

# pip's chatter goes to .venv/install.log and is shown only when the install fails.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing parley and its pinned dependencies into $(VENV) (log: $(VENV)/install.log)"
	@$(BIN)/python -m pip install --disable-pip-version-check --upgrade pip > $(VENV)/install.log 2>&1 \
		|| (cat $(VENV)/install.log; exit 1)
	@$(BIN)/python -m pip install --disable-pip-version-check -e ".[all,dev]" >> $(VENV)/install.log 2>&1 \
		|| (cat $(VENV)/install.log; exit 1)
	@touch $(STAMP)

demo: $(STAMP)  ## run the whole pipeline on the bundled example corpus and print the fused events
	@rm -f $(DB) $(DB).wal
	@$(BIN)/parley run examples --db $(DB)
	@$(BIN)/parley events --db $(DB)
	@echo
	@echo "Open the dashboard:  $(BIN)/parley serve --db $(DB)   (then http://127.0.0.1:8000)"
	@echo "One event in full:   $(BIN)/parley show --db $(DB) EVENT_ID"

test: $(STAMP) lint  ## lint, type-check and run the whole test suite (includes the evaluation gate)
	@$(BIN)/python -m pytest

lint: $(STAMP)
	@$(BIN)/ruff check src tests bench scripts
	@$(BIN)/ruff format --check src tests bench scripts
	@$(BIN)/mypy src

fmt: $(STAMP)
	@$(BIN)/ruff check --fix src tests bench scripts
	@$(BIN)/ruff format src tests bench scripts

bench: $(STAMP)  ## reproduce BENCHMARKS.md
	@$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(DB) $(DB).wal .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
