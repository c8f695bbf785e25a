# Two commands do everything: `make demo` and `make test`. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The full report goes to a file (data-quality warnings are said once, there); the terminal gets
# the levels, and where the report is.
demo: $(STAMP)
	@$(BIN)/ictrules assess examples/typical-school.toml --inventory examples/typical-school-inventory.csv --as-of 2026-09-01 --format html -o demo-report.html
	@$(BIN)/ictrules assess examples/typical-school.toml --inventory examples/typical-school-inventory.csv --as-of 2026-09-01 --format text 2>/dev/null | sed '/^Action plan/,$$d'
	@echo "The full report, with the action plan and the refresh plan: demo-report.html"

# PNG screenshots of every report in docs/images/ (needs chromium; the tests do not).
screenshots: $(STAMP)
	sh tools/screenshots.sh

lint: $(STAMP)
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/ruff format --check src tests $(wildcard benchmarks)

typecheck: $(STAMP)
	$(BIN)/mypy src

pytest: $(STAMP)
	HYPOTHESIS_PROFILE=ci $(BIN)/pytest

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
