# The two set-up commands of the README: `make run` and `make test`. Both install what they
# need themselves (uv, then the locked dependencies into .venv).
SHELL := /bin/bash
PYTHON ?= python3.13
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen
# Python comes from the machine (pyenv or the OS), never from a download.
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)

.PHONY: install messages run demo serve test lint format migrations-check share-image bench bench-delivery bench-export bench-email clean

# Translations are compiled here, never committed (Babel: no system gettext needed).
CATALOGS := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

install: .venv/.installed $(CATALOGS)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po .venv/.installed
	$(RUN) pybabel compile --statistics -i $< -o $@

## After changing marked strings: update the catalogs (needs GNU gettext), then translate.
messages: install
	DEBUG=True $(RUN) python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=bench --ignore=data

.venv/.installed: pyproject.toml uv.lock
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	@# Byte-compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on our CI machines)
	@# every process would otherwise compile Django anew (~3 s each).
	$(UV) sync --locked --compile-bytecode
	@touch $@

## Local demo: DEBUG on, SQLite under var/, emails readable at /dev/outbox/.
run: install
	DEBUG=$${DEBUG:-True} $(RUN) python manage.py runstack

## The demo: like make run, on its own database (var/demo.sqlite3) and folder (var/demo/),
## filled with invented data and marked as a demo on every page. var/stopalprs.sqlite3 is
## never touched.
DEMO_ENV := DEMO=True DEBUG=True VAR_DIR=$(CURDIR)/var/demo DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3
demo: install
	@mkdir -p var/demo
	$(DEMO_ENV) $(RUN) python manage.py seed_demo
	$(DEMO_ENV) $(RUN) python manage.py runstack

## Production configuration: gunicorn + whitenoise, task worker and scheduler alongside.
serve: install
	DEBUG=False $(RUN) python manage.py runstack --production

test: install
	$(RUN) pytest $(PYTEST_ARGS)

lint: install
	$(RUN) ruff format --check .
	$(RUN) ruff check .
	DEBUG=True $(RUN) mypy stopalprs

format: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

migrations-check: install
	DEBUG=True $(RUN) python manage.py makemigrations --check --dry-run

clean:
	rm -rf .venv var/static .pytest_cache .mypy_cache .ruff_cache

## Regenerate static/img/share.png (the Open Graph image) with Debian's chromium.
share-image: install
	$(RUN) python bin/make_share_image.py

## Benchmark: delivery packets for 100,000 confirmed signatures (prints figures).
bench-delivery: install
	$(RUN) python bench/delivery.py

## Benchmark: CSV export of 1,000,000 signatures (rows/s and peak memory).
bench-export: install
	$(RUN) python bench/export.py

## Benchmark: task workers draining confirmation emails into a local SMTP server.
bench-email: install
	$(RUN) python bench/mail_worker.py

## Benchmark: make serve under browser-like load vs a raw baseline (SQLite; PostgreSQL too
## when DATABASE_URL names one). Prints figures and ratios; loopback only, bounded in time.
bench: install
	$(RUN) python bench/load.py
	$(RUN) python bench/delivery.py
	$(RUN) python bench/export.py
	$(RUN) python bench/mail_worker.py
