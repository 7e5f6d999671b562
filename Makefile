# looplint: build, test and benchmark.
#   make run        install what is missing, build in release mode, lint the bundled fixtures
#   make test       build and run the whole test suite (UPDATE_SNAPSHOTS=1 make test rewrites snapshots only)
#   make generate   regenerate the code generated from rule pages and tables: Sources/Rules/Generated/*,
#                   rules/README.md (looplint-generate) and Sources/JSSyntax/*+Generated.swift (gen-ast.py);
#                   not the SARIF precision table (Sources/Rules/Generated/Precision+Generated.swift), which
#                   `python3 ecosystem/ecosystem.py precision --write-swift` writes from the triage ledger
#   make bench-parse / make bench-lint   throughput on the /usr/lib/node_modules corpus
#   make bench-lint-ecosystem   looplint against oxlint on the ecosystem check's 40 projects (median of 5)
#   make bench-scaling   time and peak memory of one scan as the input grows from 10 MB to 200 MB (those
#                   projects copied several times): linear or not
#   make ecosystem  every rule on 40 pinned real projects: findings, time, memory, diff against the snapshot,
#                   precision from the triage ledger (needs the projects' git mirrors; see ecosystem/README.md)
#   make fixcommits recall and cleanliness on real fix commits (same mirrors)

SWIFT ?= swift
RELEASE_BIN = .build/release/looplint
# On Linux the release binary links the Swift runtime and Foundation statically: calls into them are direct
# (about 7% less time on the 40 ecosystem projects than a dynamically linked build) and the binary runs on
# machines without Swift installed.
STATIC_STDLIB := $(shell [ "$$(uname -s)" = Linux ] && echo --static-swift-stdlib)
# The release binary allocates with jemalloc where its development files are installed (libjemalloc-dev, which
# `make release` installs with apt-get): 2-2.5% fewer instructions than glibc's allocator on the ecosystem
# projects, and less time in malloc and free. Without them it links the system allocator, as `swift build` does.
# (Recursive: expanded when the recipe runs, after `release-deps` has installed what it could.)
JEMALLOC = $(shell pkg-config --exists jemalloc 2>/dev/null && echo -Xlinker -ljemalloc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test generate build release release-deps deps bench-parse bench-lint bench-lint-ecosystem bench-scaling ecosystem ecosystem-update fixcommits clean

deps:
	@if ! pkg-config --exists libpcre2-8 2>/dev/null && [ ! -f /usr/include/pcre2.h ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "installing libpcre2-dev (PCRE2 headers for ReDoS confirmation)"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libpcre2-dev pkg-config; \
	  else \
	    echo "looplint needs the PCRE2 development files: install libpcre2-dev (Debian/Ubuntu)," \
	         "pcre2-devel (Fedora) or pcre2 (Homebrew), then run make again"; exit 1; \
	  fi; \
	fi

build: deps
	$(SWIFT) build

release-deps: deps
	@if ! pkg-config --exists jemalloc 2>/dev/null && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing libjemalloc-dev (the release binary's allocator)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libjemalloc-dev \
	    || echo "libjemalloc-dev not installed: the release binary uses the system allocator"; \
	fi

release: release-deps
	$(SWIFT) build -c release $(STATIC_STDLIB) $(JEMALLOC)

run: release
	$(RELEASE_BIN) check fixtures/rules --fail-on never

test: deps
	$(SWIFT) build
	$(SWIFT) test

generate:
	$(SWIFT) run looplint-generate
	python3 scripts/gen-ast.py

bench-parse: release
	./scripts/bench-parse.sh

bench-lint: release
	./scripts/bench-lint.sh

bench-lint-ecosystem: release
	./scripts/bench-lint-ecosystem.sh

bench-scaling: release
	./scripts/bench-scaling.sh

ecosystem: release
	python3 ecosystem/ecosystem.py run

ecosystem-update: release
	python3 ecosystem/ecosystem.py run --update

fixcommits: release
	python3 ecosystem/fixcommits.py

clean:
	rm -rf .build
