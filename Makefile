# Two commands on a fresh clone with only python3: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint demo messages mutants bench-photos clean

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
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

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

messages: export DEBUG = 1
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'mutants/*'
	$(BIN)/python manage.py compilemessages --locale zh_Hans --ignore '.venv/*' --ignore 'mutants/*'

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
