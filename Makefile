# barracks — the two set-up commands are `make demo` and `make test` (see README.md).
SWIFT ?= swift
# Seconds each fuzz target runs under `make fuzz` (`make test` runs each briefly).
FUZZ_SECONDS ?= 60

.PHONY: all deps build release test bench fuzz demo clean

all: build

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

# The Swift runtime linked in: a third of the start-up time of a dynamically linked build.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product barracks
	$(SWIFT) build -c release --static-swift-stdlib --product barracks-bench

# Every test, against the real kernel, bwrap, libseccomp and loopback servers.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test
	python3 -m unittest discover -s Tests/Support -p 'test_*.py'
	@scripts/fuzz 10

# The main job end to end on the offline demo mirror (see scripts/demo).
demo: deps
	@scripts/demo

bench: release
	@scripts/install-deps --bench
	@bench/run

fuzz: deps
	@scripts/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf .build .fixtures/build
