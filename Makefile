# The two commands of the README, and a few conveniences. The scripts do the work.
.PHONY: run test build dev pg

## Build the release site and serve it on http://127.0.0.1:3000 (SQLite unless DATABASE_URL is set).
run:
	scripts/run.sh

## Run every test: fmt, clippy, unit, store (SQLite and Postgres), HTTP, end-to-end.
test:
	scripts/test.sh

## Build the release site without serving it.
build:
	scripts/build.sh release

## Development loop: rebuild (debug) and restart the server whenever a source file changes.
dev:
	scripts/dev.sh
