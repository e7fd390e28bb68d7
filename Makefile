# mmio: build, test, install. `make test` is the project's whole test suite.
PREFIX ?= /usr/local
DESTDIR ?=
SWIFT ?= swift
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
RELEASE_BIN = .build/release/mmio

.PHONY: all build debug test unit lab bench install uninstall clean

all: build

build:
	$(SWIFT) build -c release --static-swift-stdlib --product mmio

debug:
	$(SWIFT) build

# Unit and end-to-end tests on regular files, then the real-kernel suite under QEMU.
test: unit lab

unit:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-swift-testing

# The real-kernel suite: Debian's kernel under QEMU with edu and ivshmem devices (lab/run.sh).
lab: build
	bash lab/run.sh $(RELEASE_BIN)

# Benchmarks side by side with busybox devmem, xxd, hexdump and dd; writes bench/RESULTS.md.
bench: build
	python3 bench/bench.py --results bench/RESULTS.md

install: build
	install -d $(BINDIR) $(MANDIR)
	install -m 0755 $(RELEASE_BIN) $(BINDIR)/mmio
	install -m 0644 man/mmio.1 $(MANDIR)/mmio.1

uninstall:
	rm -f $(BINDIR)/mmio $(MANDIR)/mmio.1

clean:
	rm -rf .build lab/cache bench/out
