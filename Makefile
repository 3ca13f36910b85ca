# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup serve build test lint clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# setuptools prints an informational notice on every editable install ("Editable installation … be careful
	# with folders of the same name"); it says nothing about this package, so it is left out of the log.
	PYTHONWARNINGS='ignore:Editable installation' $(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.installed

setup: $(STAMP) node_modules/.installed

# The built site, search index included (`mkdocs serve` has none: Pagefind indexes the finished site).
# Rebuild with `make build` in another terminal: the new site is swapped in under the running server.
serve: setup
	$(BIN)/competency build
	@echo "任职资格手册：http://127.0.0.1:8000/ （Ctrl-C 结束）"
	$(BIN)/python -c 'import functools, http.server; from devtools.server import Handler; \
	http.server.ThreadingHTTPServer(("127.0.0.1", 8000), functools.partial(Handler, directory="site")).serve_forever()'

build: setup
	$(BIN)/competency build

/usr/bin/chromium:
	apt-get update -qq && apt-get install -y -qq chromium

lint: setup
	$(BIN)/ruff check calculator teamfile generator devtools tests benchmarks site_overrides
	$(BIN)/ruff format --check calculator teamfile generator devtools tests benchmarks site_overrides
	$(BIN)/mypy

test: setup /usr/bin/chromium lint
	$(BIN)/pytest

clean:
	rm -rf build site $(VENV) node_modules

bench: setup /usr/bin/chromium
	$(BIN)/python -m benchmarks --output build/benchmarks.json
