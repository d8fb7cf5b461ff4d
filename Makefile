# Two commands on a fresh clone with only python3: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser lint demo messages mutants bench-photos bench-find bench-diff clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $(STAMP)

# The site on SQLite with the demo newsroom, in development mode.
run: export DEBUG = 1
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo --site-url http://$(HOST):$(PORT)
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite on SQLite; with DATABASE_URL=postgres://… the same suite on PostgreSQL.
# One test process per core (pytest-xdist); TEST_PROCESSES=0 runs it in this process.
# Then the browser tests (tests/browser) in one process of their own, so that the demo
# site they serve is set up once (pytest-xdist 3.8's groups do not work on pytest 9);
# without /usr/bin/chromium they skip, saying so. BROWSER_TESTS=0 leaves them out: they
# read their own SQLite site, so a run on PostgreSQL would only repeat them.
TEST_PROCESSES ?= auto
BROWSER_TESTS ?= 1
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_PROCESSES) --ignore=tests/browser $(PYTEST_ARGS)
ifneq ($(BROWSER_TESTS),0)
	$(BIN)/python -m pytest tests/browser $(BROWSER_PYTEST_ARGS)
endif

# Only the browser tests: Debian's Chromium (apt-get install chromium fonts-noto-cjk; never
# `playwright install`) reads the demo newsroom served as in production. Screenshots at
# phone and desktop width and the server's log go to $$NEWSDESK_ARTIFACTS or artifacts/browser/.
test-browser: $(STAMP)
	$(BIN)/python -m pytest tests/browser $(BROWSER_PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Mutation testing of the rule modules ([tool.mutmut] only_mutate) against the tests
# that pin them ([tool.mutmut] in pyproject.toml); every survivor is a missing test.
mutants: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "mutmut>=3.8,<4"
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/mutmut results

# A 24-megapixel JPEG into every rendition: CPU time and peak memory against the
# naive decode-everything way, both measured in this run. Prints; asserts nothing.
bench-photos: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py bench_photos

# The revision diff from the sample story to two 1 MB bodies, beside difflib and plain
# equality measured in the same run. Prints median and p95; asserts nothing.
bench-diff: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py bench_diff $(BENCH_ARGS)

# The reader lists at 100 000 realistic stories on PostgreSQL (127.0.0.1, user postgres):
# loads them into the database newsdesk_bench once (later runs reuse them; BENCH_ARGS=--reload
# loads again), then prints median and p95 per page. Prints; asserts nothing. Settings as in
# production (DEBUG off, static files collected), so the figures are a server's.
BENCH_DB := newsdesk_bench
bench-find: export DATABASE_URL = postgres://postgres@127.0.0.1:5432/$(BENCH_DB)
bench-find: export DEBUG = 0
bench-find: export SECRET_KEY = bench-find-only-not-secret
bench-find: export ALLOWED_HOSTS = 127.0.0.1
# The local-memory cache, which the benchmark may empty to time a list's first reader.
bench-find: export REDIS_URL =
bench-find: $(STAMP)
	psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$(BENCH_DB)'" | grep -q 1 \
		|| createdb -h 127.0.0.1 -U postgres -T template0 -E UTF8 --locale=C.UTF-8 $(BENCH_DB)
	@# Only when needed: every migrate re-indexes a database whose index is short of its
	@# stories, which after an interrupted load is a long wait for data about to be replaced.
	$(BIN)/python manage.py migrate --check > /dev/null || $(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py bench_find $(BENCH_ARGS)

messages: export DEBUG = 1
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'mutants/*'
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*' --ignore 'mutants/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
