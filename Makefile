# Carnet's two commands: `make demo` and `make test`. GNU make.

VENV ?= .venv
PORT ?= 8000
BIN = $(VENV)/bin
INSTALLED = $(VENV)/.installed
# The demo site and the CLI tests use a site directory's SQLite file, whatever the shell says.
CARNET = env -u DATABASE_URL $(BIN)/carnet

.DEFAULT_GOAL := help
.PHONY: help install demo test lint format clean

help:
	@echo "make demo     install Carnet, load the demo blog and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make install  make $(VENV) with Carnet and its test tools (PYTHON=... to choose Python)"
	@echo "make test     lint, then run the tests on SQLite and on PostgreSQL"
	@echo "make lint     ruff check and ruff format --check"
	@echo "make format   let ruff fix and format the code"
	@echo "make clean    remove $(VENV), demo-site/ and caches"

install: $(INSTALLED)

# A virtual environment with Carnet and its test tools; redone when pyproject.toml changes.
$(INSTALLED): pyproject.toml
	@if ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		python=$$(sh scripts/find-python) || exit 1; \
		echo "Creating $(VENV) with $$python"; \
		rm -rf $(VENV) && "$$python" -m venv $(VENV) || exit 1; \
	fi
	@echo "Installing Carnet and its dependencies into $(VENV)"
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

demo: $(INSTALLED)
	@test -f demo-site/carnet.toml || $(CARNET) init demo-site
	@$(CARNET) --site demo-site demo
	@$(CARNET) --site demo-site serve --port $(PORT)

test: $(INSTALLED)
	@echo "== ruff"
	@$(BIN)/ruff check carnet tests
	@$(BIN)/ruff format --check carnet tests
	@bash scripts/ensure-nginx || true  # the page store's nginx tests; they say if skipped
	@bash scripts/ensure-chromium || true  # the browser tests; skipped without it, failed in CI
	@echo "== tests on SQLite"
	@env -u DATABASE_URL $(BIN)/pytest -n auto
	@echo "== tests on PostgreSQL, with the Redis cache"
	@url=$$(bash scripts/ensure-postgres); status=$$?; \
	cache=$$(bash scripts/ensure-redis); cache_status=$$?; \
	if [ $$cache_status -ne 0 ] && { [ $$cache_status -ne 3 ] || [ -n "$$CI" ]; }; then \
		exit $$cache_status; \
	fi; \
	[ $$cache_status -eq 0 ] && echo "CACHE_URL=$$cache" || echo "Redis skipped: no server (see above)."; \
	if [ $$status -eq 0 ]; then \
		echo "DATABASE_URL=$$(echo "$$url" | sed -E 's#//([^:/@]+):[^@]*@#//\1:***@#')"; \
		DATABASE_URL="$$url" CACHE_URL="$$cache" $(BIN)/pytest -n auto; \
	elif [ $$status -eq 3 ] && [ -z "$$CI" ]; then \
		echo "PostgreSQL suite skipped: no server to test on (see above). The SQLite suite passed."; \
	else \
		exit $$status; \
	fi

lint: $(INSTALLED)
	$(BIN)/ruff check carnet tests
	$(BIN)/ruff format --check carnet tests

format: $(INSTALLED)
	$(BIN)/ruff check --fix carnet tests
	$(BIN)/ruff format carnet tests

clean:
	rm -rf $(VENV) demo-site build dist *.egg-info .pytest_cache .ruff_cache
	find carnet tests -name __pycache__ -type d -prune -exec rm -rf {} +
