# zkcred: `make demo` and `make test` set everything up themselves on a fresh machine.
#   make demo            .venv + install + the main job (the credential and revocation stories, BBS, a self-check)
#   make demo-evm        the same, the revocation story on a local anvil node (the EVM ledger)
#   make test            .venv + test extras + npm peers, then the whole suite
#   make test-sanitize   the suite (slow tests excluded) against an ASan + UBSan build of the native core
#   make ctime           constant-time check of the native core under valgrind
#   make bench           every benchmark table (python -m benchmarks) and the C micro-benchmark
#   make serve           the verifier service on 127.0.0.1:8000 with a demo issuer (README: curl-able walk-through)
#   make fuzz            every fuzz target (fuzz/) for FUZZ_SECONDS each (atheris, coverage-guided)
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
STAMP  := $(VENV)/.installed-compat
PEERS  := peers/node_modules/.installed
CSRC   := $(wildcard csrc/*.c csrc/*.h csrc/include/*.h) csrc/ffibuild.py
PYTEST := $(PY) -m pytest -q -p no:cacheprovider

.PHONY: demo demo-evm test test-sanitize bench native peers ctime clean redis serve fuzz

# Editable install in "compat" mode: a plain path in a .pth file. The default mode installs an import-hook finder
# that site.py imports in every interpreter start (pathlib, re, importlib.util: +10 ms on each `zkcred` command).
# setuptools marks compat mode as transitional, so the developer's venv pins its own build tools (SETUPTOOLS_DEV)
# and installs without build isolation; pyproject's [build-system] stays unpinned for everyone who builds a wheel.
# (The stamp's name changed with the mode, so that existing venvs reinstall once.)
SETUPTOOLS_DEV := setuptools>=77,<85
$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q '$(SETUPTOOLS_DEV)' 'cffi>=1.16'
	$(PIP) install -q --no-build-isolation -e '.[test,bench]' --config-settings editable_mode=compat
	touch $@

# Rebuild the native module in place (serialised: several jobs may share one tree). The stamp file keeps
# repeated `make` calls from recompiling when csrc/ did not change. This is the development build: it carries the
# test-only hooks (ZKCRED_TEST_HOOKS=1: zk_fp_force_portable, zk_fp_lanes_test) that tests/native uses; a wheel
# built by pip or `python -m build` has none (tests/native/test_build.py).
HOOKS := ZKCRED_TEST_HOOKS=1
NATIVE_STAMP := build/.native-stamp
$(NATIVE_STAMP): $(STAMP) $(CSRC)
	mkdir -p build
	flock .build.lock env $(HOOKS) $(PY) setup.py -q build_ext --inplace --force
	touch $@

ifeq ($(wildcard zkcred/_native*.so),)
.PHONY: $(NATIVE_STAMP)
endif

# Byte-compile the package too: the CLI runs as short processes, and where PYTHONDONTWRITEBYTECODE is set (CI
# containers) Python would otherwise recompile every module at every start (+20 ms on `zkcred groth16 verify`).
native: $(NATIVE_STAMP)
	$(PY) -m compileall -q zkcred

# Node peers (interop and benchmarks): installed from the npm registry into peers/node_modules.
$(PEERS): peers/package.json
	cd peers && npm install --no-audit --no-fund --loglevel=error
	touch $@

peers: $(PEERS)

demo: native
	$(PY) -m zkcred.demos

# The same stories, the revocation one on a local anvil node (the EVM ledger; npm @foundry-rs/anvil from peers).
demo-evm: native peers
	$(PY) -m zkcred.demos --ledger anvil

# redis-server for the service tests (tests/service: replicas sharing one Redis). Debian's package; idempotent.
redis:
	@command -v redis-server >/dev/null || { \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -q && $$SUDO apt-get install -y -q redis-server; }

# The suite is spread over the cores (pytest-xdist; JOBS=0 runs it in one process). Every server a test starts
# takes a free port and every file a test writes lies under its own tmp_path, so the workers never collide.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
test: native peers redis
	$(PYTEST) -n $(JOBS) $(PYTEST_ARGS)

# The verifier service with a demo issuer (made once into demo-service/): README, "The verifier service".
SERVE_DIR ?= demo-service
serve: native
	$(PY) -m zkcred.service.demo $(SERVE_DIR)
	$(PY) -m zkcred.cli serve --issuers $(SERVE_DIR)/issuers --host 127.0.0.1 --port $${PORT:-8000} --verifier-id demo-shop

# Coverage-guided fuzzing of every decoder reachable from outside (fuzz/targets.py); CI runs each target for a
# few seconds (tests/service/test_fuzz.py). FUZZ_SECONDS per target; crashes are written to fuzz/crashes/.
FUZZ_SECONDS ?= 60
fuzz: native
	mkdir -p fuzz/crashes
	for t in $$($(PY) -m fuzz --list); do \
	    $(PY) -m fuzz $$t -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=fuzz/crashes/$$t- || exit 1; done

# The suite against an AddressSanitizer + UBSan build of the native module, with the contract checks on
# (ZK_DEBUG: reduced inputs, points on the curve, aliasing; a violation aborts naming the condition). Python
# itself is not built with ASan, so libasan is preloaded (it must come first) and leak detection is off (CPython
# keeps memory alive at exit on purpose). Child processes inherit LD_PRELOAD (a child Python imports the same sanitized module). The normal build is
# restored afterwards whatever the outcome.
ASAN_ENV := ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1 \
            UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
            ZKCRED_SANITIZED=1 PYCRYPTODOME_DISABLE_DEEPBIND=1 \
            LD_PRELOAD="$$($${CC:-gcc} -print-file-name=libasan.so)"

# Left out of the sanitizer run: suites whose native code is not ours (uvloop/httptools/redis under the service,
# web3's crypto under the EVM ledger and the on-chain verifiers, node peers, mypy, the packaging build) -- the
# zkcred C paths they reach are the ones the rest of the suite drives -- and the benchmarks' smoke runs.
SANITIZE_SKIP := --ignore=tests/service --ignore=tests/onchain --ignore=tests/benchmarks \
                 --ignore=tests/test_typing.py --ignore=tests/test_packaging.py --ignore=tests/ledger/test_evm.py \
                 --ignore=tests/vc/test_interop.py

# The sanitized build runs the C several times slower: the suite is spread over the cores, as in make test.
SANITIZE_JOBS ?= $(JOBS)
test-sanitize: $(STAMP) peers redis
	rm -f $(NATIVE_STAMP)
	flock .build.lock env ZKCRED_DEBUG=1 $(HOOKS) $(PY) setup.py -q build_ext --inplace --force
	env $(ASAN_ENV) $(PY) -c "import zkcred._native as n; assert n.lib.zk_build_info()" || \
	    { echo "sanitized build does not load"; exit 1; }
	env $(ASAN_ENV) $(PYTEST) -n $(SANITIZE_JOBS) -m "not slow" $(SANITIZE_SKIP) $(PYTEST_ARGS); \
	    rc=$$?; flock .build.lock env $(HOOKS) $(PY) setup.py -q build_ext --inplace --force; exit $$rc

# Constant-time check under valgrind (memcheck treats secrets as undefined memory).
ctime:
	$(MAKE) -C csrc/tests ctime

bench: native peers
	$(PY) -m benchmarks $(BENCH_ARGS)
	$(MAKE) -C csrc/tests bench

clean:
	rm -rf build $(VENV) zkcred/_native*.so zkcred/_native.c *.egg-info csrc/tests/*.bin
