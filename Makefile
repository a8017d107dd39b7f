# The two commands of the README, and a few conveniences. The scripts do the work.
.PHONY: run test check build dev pg

## Build the release site and serve it on http://127.0.0.1:3000 (SQLite unless DATABASE_URL is set).
run:
	scripts/run.sh

## Run every test: fmt, clippy, unit, store (SQLite and Postgres), HTTP, end-to-end.
test:
	scripts/test.sh

## The checks to run before committing, in a few minutes: fmt, clippy, unit, domain and server
## tests (SQLite; Postgres when DATABASE_URL names one). No release build, fuzz or end-to-end run.
check:
	scripts/check.sh

## Build the release site without serving it.
build:
	scripts/build.sh release

## Development loop: rebuild (debug) and restart the server whenever a source file changes.
dev:
	scripts/dev.sh
