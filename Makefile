# Every target installs what it needs first; a fresh clone needs only python3.11 and make.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
GEN := libs/gen
PROTOS := $(shell find protos -name '*.proto')
STUBS := $(GEN)/.generated
# Screening's hot path compiled by mypyc, where this machine has a C compiler; without
# one it runs as written, slower (services/screening/screening/compiled.py says more).
# Written only when compiled: without a compiler, each make tries again (a few seconds).
COMPILED := build/screening-compiled/sources.json
COMPILED_FROM := $(wildcard services/screening/screening/domain/*.py) \
	$(addprefix libs/portcullis_kit/,errors.py mail_treatment.py party.py s10.py) \
	services/screening/screening/compiled.py services/screening/screening/compile_domain.py
PYTEST := $(PY) -m pytest
SITE = $(VENV)/lib/python3.11/site-packages
SOURCE_ROOTS := libs libs/gen services/registry services/screening services/scoring services/publication .

.PHONY: install lock browser protos run test test-unit test-integration test-e2e lint bench bench-screening clean

install: $(INSTALLED) $(STUBS) $(COMPILED)

$(INSTALLED): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	# Our own code runs from the work tree: one .pth names its source roots, and a
	# two-line wrapper is the `portcullis` command.
	printf '%s\n' $(addprefix $(CURDIR)/,$(SOURCE_ROOTS)) > $(SITE)/portcullis.pth
	printf '#!/bin/sh\nexec "%s" -m portcullis_cli "$$@"\n' "$(CURDIR)/$(PY)" > $(VENV)/bin/portcullis
	chmod +x $(VENV)/bin/portcullis
	touch $@

protos: $(STUBS)

$(COMPILED): $(COMPILED_FROM) $(INSTALLED)
	$(PY) -m screening.compile_domain

# After changing pyproject.toml: the full lock (what `make` installs) and the image's
# runtime lock (the same versions, without the tools and tests). Needs uv.
LOCK := uv pip compile pyproject.toml --generate-hashes --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28
lock:
	$(LOCK) --extra dev -o requirements.lock
	$(LOCK) -c requirements.lock -o requirements-runtime.lock

$(STUBS): $(PROTOS) $(INSTALLED)
	rm -rf $(GEN) && mkdir -p $(GEN)
	$(PY) -m grpc_tools.protoc -I protos \
		--python_out=$(GEN) --grpc_python_out=$(GEN) \
		--plugin=protoc-gen-mypy=$(VENV)/bin/protoc-gen-mypy \
		--plugin=protoc-gen-mypy_grpc=$(VENV)/bin/protoc-gen-mypy_grpc \
		--mypy_out=$(GEN) --mypy_grpc_out=$(GEN) \
		--descriptor_set_out=$(GEN)/portcullis.binpb --include_imports \
		$(PROTOS)
	touch $@

run: install
	$(VENV)/bin/portcullis run

test: install lint test-unit test-integration test-e2e

test-unit: install
	$(PYTEST) tests/unit
	# Screening's domain again as written, where it ran compiled above: the same tests
	# (and those that patch the domain, which compiled code is not).
	if [ -f $(COMPILED) ]; then SCREENING_COMPILED=0 $(PYTEST) -q tests/unit/screening; fi

test-integration: install
	$(PYTEST) tests/integration

test-e2e: install browser
	$(PYTEST) tests/e2e

# The report page is tested in headless Chromium: Debian's package, installed when missing
# (as root, or through sudo without a password). If it cannot be, that test says so.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the page test"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo "sudo -n"); \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$sudo apt-get install -y -q chromium >/dev/null 2>&1 \
	  || { $$sudo apt-get update -q >/dev/null 2>&1 \
	       && $$sudo apt-get install -y -q chromium >/dev/null 2>&1; } \
	  || echo "could not install chromium: the page test will fail"; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy libs/portcullis_kit libs/portcullis_cli services tests bench
	$(VENV)/bin/buf lint

bench: install
	$(PY) -m bench.first_path
	$(PY) -m bench.registry
	$(PY) -m bench.screening_speed
	$(PY) -m bench.screening_start
	$(PY) -m bench.audit
	$(PY) -m bench.scoring
	$(PY) -m bench.publication

# Screening's quality: precision, recall and F1 per case type (see BENCHMARKS.md).
bench-screening: install
	$(PY) -m bench.screening_quality

clean:
	rm -rf $(VENV) $(GEN) var build
