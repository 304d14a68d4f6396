# The two commands of the README: `make demo` and `make test`. Both run the
# idempotent set-up first, so a fresh machine needs nothing else.
.PHONY: setup build test demo size bench clean
# npm binaryen's wasm-opt before Debian's; cargo-installed tools even with a custom CARGO_HOME.
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CURDIR)/node_modules/.bin:$(CARGO_BIN):$(PATH)

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build.sh

test: build
	@bash scripts/test.sh

demo: build
	node www/server.mjs

size: build
	node scripts/size.mjs

bench: build
	node bench/run.mjs

clean:
	rm -rf pkg target node_modules test-artifacts
