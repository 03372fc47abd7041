# zkcred: `make demo` and `make test` set everything up themselves on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed
PEERS  := peers/node_modules/.installed
CSRC   := $(wildcard csrc/*.c csrc/*.h csrc/include/*.h) csrc/ffibuild.py

.PHONY: demo test test-sanitize bench native peers ctime clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[test,bench]'
	touch $@

# Rebuild the native module in place (serialised: several jobs may share one tree).
native: $(STAMP)
	flock .build.lock $(PY) setup.py -q build_ext --inplace

# Node peers (interop and benchmarks): installed from the npm registry into peers/node_modules.
$(PEERS): peers/package.json
	cd peers && npm install --no-audit --no-fund --loglevel=error
	touch $@

peers: $(PEERS)

demo: native
	$(PY) -m zkcred.demo

test: native peers
	$(PY) -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# The whole suite against an AddressSanitizer + UBSan build of the native module.
test-sanitize: $(STAMP) peers
	flock .build.lock env ZKCRED_DEBUG=1 $(PY) setup.py -q build_ext --inplace --force
	env ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    LD_PRELOAD="$$(gcc -print-file-name=libasan.so)" \
	    $(PY) -m pytest -q -p no:cacheprovider -m "not slow" $(PYTEST_ARGS); \
	    rc=$$?; flock .build.lock $(PY) setup.py -q build_ext --inplace --force; exit $$rc

# Constant-time check under valgrind (memcheck treats secrets as undefined memory).
ctime:
	$(MAKE) -C csrc/tests ctime

bench: native peers
	$(PY) -m benchmarks

clean:
	rm -rf build $(VENV) zkcred/_native*.so zkcred/_native.c *.egg-info
