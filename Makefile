# Two commands for a fresh machine:  `make run` (the app)  and  `make test` (the tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
OFFLINE := HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 HF_DATASETS_OFFLINE=1

.PHONY: run test lint train bench eval install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-run: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -r requirements.txt -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt $(VENV)/.installed-run
	$(BIN)/pip install -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(OFFLINE) $(BIN)/streamlit run app.py

test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(OFFLINE) $(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/framing packs lint

train: $(VENV)/.installed-dev
	$(OFFLINE) $(BIN)/python -m framing.train

bench: $(VENV)/.installed-dev
	$(OFFLINE) $(BIN)/python eval/bench_lexicon.py

# Every benchmark and accuracy figure, then eval/REPORT.md. EVAL_QUICK=1 skips the 40-minute BABE CV.
eval: $(VENV)/.installed-dev
	$(OFFLINE) $(BIN)/python eval/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
