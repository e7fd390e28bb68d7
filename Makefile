# mmio: build, test, install. `make test` is the project's whole test suite.
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
RELEASE_BIN = .build/release/mmio
# The binary `install-files` installs (tests point it at a debug build).
BIN ?= $(RELEASE_BIN)

.PHONY: all build deps debug test svd-reference unit release-check sanitize grammar grammar-check fuzz fuzz-build lab bench install install-files uninstall clean

all: build

# Start-up is most of a one-shot run, so the release binary links the Swift runtime
# statically and needs no rpath; and the runtime's C++ library too (loading libstdc++.so costs
# a quarter of a one-shot read), through a linker script that turns the runtime's -lstdc++
# into the static archive. Without the archive (no libstdc++-dev), it stays dynamic. The
# toolchain's lld packs relative relocations (DT_RELR), so the loader has less to apply.
# Cross-module optimization lets the compiler specialize ArgumentParser's generic property
# wrappers, which every command line and batch line is read into; exclusivity is checked at
# compile time only (the dynamic checks cost a batch line about 800 instructions).
# Three more cut a one-shot read from 1.9 M instructions to 0.9 M (callgrind) and its page
# faults by a third: type metadata is reached through direct accessors rather than by
# demangling type names at run time (which also checked generic requirements through the
# runtime's conformance scan); the executable is not position-independent, so the loader
# applies no relative relocations (and touches no data pages to apply them); and it exports no
# symbols, so the runtime's start-up dladdr() searches 350 dynamic symbols, not 4,500. Generic
# types used with concrete arguments (the fast reader's fields and boxes, [String]) have their
# metadata made by the compiler, not by the runtime on first use: 13 k instructions of a
# one-shot read (-prespecialize-generic-metadata). mmio is
# not setuid, its shared libraries still load at random addresses, and Swift checks its
# memory accesses.
STATIC_CXX = .build/static-cxx
CXX_ARCHIVE := $(shell gcc -print-file-name=libstdc++.a 2>/dev/null)
ifneq ($(filter /%,$(CXX_ARCHIVE)),)
STATIC_CXX_FLAGS = -Xlinker -L$(CURDIR)/$(STATIC_CXX) -Xswiftc -Xclang-linker -Xswiftc -static-libgcc
endif

build:
	@mkdir -p $(STATIC_CXX)
	@if [ -n "$(STATIC_CXX_FLAGS)" ]; then echo "INPUT($(CXX_ARCHIVE))" > $(STATIC_CXX)/libstdc++.so; \
	else echo "note: no libstdc++.a; linking libstdc++ dynamically"; fi
	$(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath --product mmio $(STATIC_CXX_FLAGS) -Xswiftc -cross-module-optimization -Xswiftc -enforce-exclusivity=unchecked \
		-Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs \
		-Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors \
		-Xswiftc -Xfrontend -Xswiftc -prespecialize-generic-metadata \
		-Xswiftc -Xclang-linker -Xswiftc -no-pie -Xlinker --no-export-dynamic
	sh Tools/stamp-commit.sh $(RELEASE_BIN)

# Debian packages the build and the tests need (as root).
deps:
	bash .ci/deps

debug:
	$(SWIFT) build

# Unit and end-to-end tests on regular files, the same under the sanitizers, a short pass of
# every fuzz target, then the real-kernel suite under QEMU.
test: unit
	$(MAKE) release-check
	$(MAKE) sanitize
	$(MAKE) fuzz FUZZ_SECONDS=5
	$(MAKE) lab

# The 105 CMSIS-SVD files of pyOCD 0.46's wheel (from PyPI): every one must load (DescriptionTests).
PYOCD_SVD = .build/pyocd-svd
$(PYOCD_SVD)/.complete:
	rm -rf $(PYOCD_SVD) .build/pyocd-wheel
	python3 -m pip download --no-deps --quiet --disable-pip-version-check pyocd==0.46.0 -d .build/pyocd-wheel
	python3 -c "import glob, io, zipfile; wheel = zipfile.ZipFile(glob.glob('.build/pyocd-wheel/pyocd-0.46.0-*.whl')[0]); zipfile.ZipFile(io.BytesIO(wheel.read('pyocd/debug/svd/svd_data.zip'))).extractall('$(PYOCD_SVD)')"
	touch $@

# What the cmsis-svd parser (the version .ci/deps pins) reads of pyOCD's files, kept for the
# comparison VendorSVDTests makes: remade by hand when either version changes (over ten minutes).
svd-reference: $(PYOCD_SVD)/.complete
	python3 Tests/Descriptions/svd_compare.py --remake Tests/Descriptions/cmsis-svd-0.6-pyocd-0.46.json.xz $(PYOCD_SVD)/*.svd $(PYOCD_SVD)/*.xml

unit: $(PYOCD_SVD)/.complete
	python3 Tests/check-layers.py
	$(SWIFT) build --build-tests
	rm -rf .build/json-outputs
	$(SWIFT) test --skip-build --disable-swift-testing --skip "MMIOKitTests.GrammarTests/"
	python3 Tests/check-json-outputs.py
	$(MAKE) grammar-check

# The end-to-end tests again, on the release binary users get: its flags and optimizations
# (cross-module, no PIE) are not the debug build's, and it once lost libpci's error messages
# (the C shim's jump point existed once per Swift module that inlined it).
release-check: build $(PYOCD_SVD)/.complete
	$(SWIFT) build --build-tests
	MMIO_BINARY=$(CURDIR)/$(RELEASE_BIN) $(SWIFT) test --skip-build --disable-swift-testing --filter "EndToEndTests."

# The fast command-line reader against ArgumentParser on 100,000 generated command lines
# (GrammarTests). A release build, in a folder of its own: a debug ArgumentParser takes about
# 40 ms a parse.
GRAMMAR_BUILD = --scratch-path .build-grammar -c release -Xswiftc -enable-testing
grammar-check:
	$(SWIFT) build $(GRAMMAR_BUILD) --build-tests
	$(SWIFT) test $(GRAMMAR_BUILD) --skip-build --disable-swift-testing --filter "MMIOKitTests.GrammarTests/"

# The unit and end-to-end tests (every mmio process they start included) under AddressSanitizer
# with leak detection, and UndefinedBehaviorSanitizer on the C modules (Swift has no UBSan on
# Linux; its own checks trap); then the dump tests, whose accesses and formatting run on two
# threads, under ThreadSanitizer. The test runner's own leaks (Foundation's, XCTest's) are not
# looked for; every mmio process's are, and a report fails its test (exit 23, a second stderr
# line). The fault guard's jump out of SIGBUS runs under ASan too (bus error tests); TSan
# does not run the guard (no dump test faults).
SANITIZE_ASAN = --scratch-path .build-sanitize --sanitize address -Xcc -fsanitize=undefined \
	-Xcc -fno-sanitize-recover=undefined -Xswiftc -Xclang-linker -Xswiftc -fsanitize=undefined
SANITIZE_TSAN = --scratch-path .build-tsan --sanitize thread
sanitize: $(PYOCD_SVD)/.complete
	$(SWIFT) build --build-tests $(SANITIZE_ASAN)
	ASAN_OPTIONS=detect_leaks=0 MMIO_CHILD_ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 MMIO_PLAN_CASES=300 \
		$(SWIFT) test --skip-build $(SANITIZE_ASAN) --disable-swift-testing --skip "MMIOKitTests.GrammarTests/"
	$(SWIFT) build --build-tests $(SANITIZE_TSAN)
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build $(SANITIZE_TSAN) --disable-swift-testing --filter "EndToEndTests.DumpLoadTests/"

# Coverage-guided fuzzing (libFuzzer) of every target in Sources/MMIOFuzzChecks, FUZZ_SECONDS
# each, under AddressSanitizer with leak detection. The committed corpus in Tests/Fuzz/corpus
# seeds each run (new inputs go to .build-fuzz/corpus); a crash, a leak, a broken property or
# an input slower than 10 s fails, and the input is left in .build-fuzz/crashes. libFuzzer's
# own main is not linked (SwiftPM links an executable's main under a name of its own), so the
# build uses the fuzzer's coverage instrumentation and its main-less library.
FUZZ_SECONDS ?= 120
# Every target, named by its seed corpus (FuzzCorpusTests fails while a target has none).
FUZZ_TARGETS = $(notdir $(wildcard Tests/Fuzz/corpus/*))
FUZZ_LIBRARY := $(firstword $(wildcard $(dir $(shell command -v swiftc 2>/dev/null))../lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a))
FUZZ_BUILD = --scratch-path .build-fuzz -Xswiftc -sanitize=address \
	-Xswiftc -sanitize-coverage=edge,trace-cmp,inline-8bit-counters,pc-table \
	-Xswiftc -D -Xswiftc MMIO_LIBFUZZER -Xlinker $(FUZZ_LIBRARY) -Xlinker -lstdc++
fuzz-build:
	@test -n "$(FUZZ_LIBRARY)" || { echo "no libclang_rt.fuzzer_no_main in the Swift toolchain"; exit 1; }
	$(SWIFT) build $(FUZZ_BUILD) --product mmio-fuzz

fuzz: fuzz-build
	@mkdir -p .build-fuzz/crashes
	@for target in $(FUZZ_TARGETS); do \
		mkdir -p .build-fuzz/corpus/$$target; \
		echo "fuzz: $$target for $(FUZZ_SECONDS) s"; \
		MMIO_FUZZ_TARGET=$$target SWIFT_BACKTRACE=enable=no timeout --kill-after=10 $$(( $(FUZZ_SECONDS) + 60 )) \
			.build-fuzz/debug/mmio-fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=4096 \
			-print_final_stats=1 -artifact_prefix=.build-fuzz/crashes/$$target- \
			.build-fuzz/corpus/$$target Tests/Fuzz/corpus/$$target > .build-fuzz/$$target.log 2>&1 \
			|| { tail -n 40 .build-fuzz/$$target.log; echo "fuzz: $$target failed"; exit 1; }; \
		grep -E '^stat::number_of_executed_units' .build-fuzz/$$target.log | sed "s/^/fuzz: $$target: /"; \
	done

# Regenerates Sources/MMIOCLI/Grammar/GrammarTable.swift from the subcommands' definitions
# (the mmio-grammar tool; GrammarTableTests fails while the committed table differs).
grammar:
	$(SWIFT) run mmio-grammar Sources/MMIOCLI/Grammar/GrammarTable.swift

# The real-kernel suites: Debian's kernel under QEMU with edu and ivshmem devices (lab/run.sh),
# and Debian's arm64 kernel on two boards, the oracle for device-tree reading (lab/arm64/run.sh).
lab: build
	bash lab/run.sh $(RELEASE_BIN)
	bash lab/arm64/run.sh $(RELEASE_BIN)

# Benchmarks side by side with busybox devmem, xxd, hexdump and dd; writes bench/RESULTS.md.
# BEFORE=path/to/an/earlier/mmio adds its instruction counts beside this build's.
bench: build $(PYOCD_SVD)/.complete
	python3 bench/bench.py --results bench/RESULTS.md $(if $(BEFORE),--before $(BEFORE))

install: build
	$(MAKE) install-files

# The binary, the man page, and completions generated from the parser, in their usual places.
install-files:
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -s -m 0755 $(BIN) $(BINDIR)/mmio
	install -m 0644 man/mmio.1 $(MANDIR)/mmio.1
	$(BIN) --generate-completion-script bash > $(BASHDIR)/mmio
	$(BIN) --generate-completion-script zsh > $(ZSHDIR)/_mmio
	$(BIN) --generate-completion-script fish > $(FISHDIR)/mmio.fish

uninstall:
	rm -f $(BINDIR)/mmio $(MANDIR)/mmio.1 $(BASHDIR)/mmio $(ZSHDIR)/_mmio $(FISHDIR)/mmio.fish

clean:
	rm -rf .build .build-grammar .build-fuzz .build-sanitize .build-tsan lab/cache bench/out
