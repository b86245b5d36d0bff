# `make run`: set up everything on a fresh machine, fill the embedded database with
# the demo on first use, start the app. `make test`: the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
REQS := requirements.txt requirements-dev.txt
STAMP := $(VENV)/.installed-$(shell cat $(REQS) | sha256sum | cut -c1-12)
PORT ?= 8501
# 127.0.0.1 serves this machine only; CHAINMATCH_ADDRESS=0.0.0.0 make run serves the office network.
ADDRESS ?= $(or $(CHAINMATCH_ADDRESS),127.0.0.1)

.PHONY: run test venv bench clean

$(STAMP): $(REQS)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

venv: $(STAMP)

run: venv
	$(BIN)/python -m recommender demo --if-empty
	$(BIN)/python -m recommender users --ensure-demo
	$(BIN)/python -m streamlit run app.py --server.headless true --server.address $(ADDRESS) --server.port $(PORT) --browser.gatherUsageStats false

test: venv
	$(BIN)/python -m pytest -n 2

bench: venv
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/quality.py

clean:
	rm -rf $(VENV) var .pytest_cache
