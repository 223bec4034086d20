# Candle — start here. `make help` lists the targets.
#   make demo   install everything, load the bilingual demo site, serve http://127.0.0.1:8000
#   make test   the whole test suite on SQLite, then again on PostgreSQL when it answers
SHELL := /bin/bash
.DEFAULT_GOAL := help
PORT ?= 8000
UV := $(shell scripts/ensure-uv.sh)
MANAGE := $(UV) run python manage.py
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/candle
PYTEST_WORKERS ?= 2
# postgresql-15-rum: the RUM index PostgreSQL search ranks from (candle/search; without it the
# backend falls back to its GIN statement and `manage.py check` says so)
SEARCH_SYSTEM_PACKAGES := postgresql-15-rum
TEST_SYSTEM_PACKAGES := chromium fonts-nanum poppler-utils $(SEARCH_SYSTEM_PACKAGES)
DEMO_SYSTEM_PACKAGES := fonts-nanum  # the demo's PDFs and receipts carry Korean text
BENCH_SYSTEM_PACKAGES := nginx wrk chromium fonts-nanum $(SEARCH_SYSTEM_PACKAGES)
# Apps with their own catalogue in candle/<app>/locale/ (the rest share candle/locale/)
APPS_WITH_CATALOGUE = $(patsubst candle/%/locale,%,$(wildcard candle/*/locale))

.PHONY: help install demo run serve test test-sqlite test-postgres e2e bench lint check messages clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

install: ## install Python and the project's packages from uv.lock
	$(UV) sync --locked
	@mkdir -p var && chmod go-rw var  # 711: private, but nginx may pass through to static/ and media/

# The address the demo is served on, for absolute links (feeds, sitemap, canonical, e-mails):
# from PORT unless CANDLE_BASE_URL is set already.
demo run: export CANDLE_BASE_URL ?= http://127.0.0.1:$(PORT)
# The demo is what a reader sees: the site's own error pages, not Django's debug pages.
demo: export CANDLE_DEBUG ?= 0

demo: install ## migrate var/candle.sqlite3, load the demo content, serve on 127.0.0.1:$(PORT)
	@scripts/system-deps.sh $(DEMO_SYSTEM_PACKAGES)
	$(MANAGE) migrate --no-input
	$(MANAGE) load_demo_content
	$(MANAGE) runserver 127.0.0.1:$(PORT)

run: install ## serve the development site without reloading demo content
	$(MANAGE) runserver 127.0.0.1:$(PORT)

serve: install ## production set-up (nginx + granian + task worker, production settings) on 127.0.0.1:$(PORT)
	@scripts/system-deps.sh $(SEARCH_SYSTEM_PACKAGES)
	scripts/serve.sh $(PORT)

check: install ## Django's checks and missing migrations
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

test: install ## every test: SQLite, then PostgreSQL when it answers on loopback
	@scripts/system-deps.sh $(TEST_SYSTEM_PACKAGES)
	$(MAKE) --no-print-directory check
	$(MAKE) --no-print-directory test-sqlite
	@if $(UV) run python scripts/postgres-available.py; then \
		$(MAKE) --no-print-directory test-postgres; \
	else echo "PostgreSQL does not answer on loopback: the PostgreSQL run is skipped."; fi

test-sqlite: ## the suite on SQLite
	$(UV) run pytest -n $(PYTEST_WORKERS) -m "not bench"

test-postgres: ## the suite on PostgreSQL ($(PG_TEST_URL); the test database is created and dropped)
	DATABASE_URL=$(PG_TEST_URL) $(UV) run pytest -n $(PYTEST_WORKERS) -m "not bench"

e2e: install ## only the browser tests (Playwright + Debian's chromium)
	@scripts/system-deps.sh $(TEST_SYSTEM_PACKAGES)
	$(UV) run pytest -m e2e

bench: install ## benchmarks; figures printed and written to bench/results/latest.json
	@scripts/system-deps.sh $(BENCH_SYSTEM_PACKAGES)
	@command -v npm >/dev/null || scripts/system-deps.sh nodejs npm
	@if command -v npm >/dev/null && [ ! -x bench/lighthouse/node_modules/.bin/lighthouse ]; then \
		npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error \
		|| echo "npm ci failed: the Lighthouse benchmark will say why it is skipped." >&2; fi
	$(UV) run python -m bench.run $(BENCH_ARGS)

lint: install ## ruff format check and lint
	$(UV) run ruff format --check candle tests bench deploy
	$(UV) run ruff check candle tests bench deploy

# compilemessages also compiles candle/locale_vendor (in LOCALE_PATHS: the Korean Wagtail, wagtail-localize
# and taggit lack), which makemessages never rewrites; scripts/vendor_messages.py keeps it.
messages: install ## update the Korean catalogues (candle/locale and each app's locale/) and compile them
	cd candle && DJANGO_SETTINGS_MODULE=candle.settings.dev PYTHONPATH=$(CURDIR) $(UV) run django-admin makemessages -l ko \
		$(foreach app,$(APPS_WITH_CATALOGUE),--ignore "$(app)/*") --ignore "*/tests/*"
	@for app in $(APPS_WITH_CATALOGUE); do \
		(cd candle/$$app && DJANGO_SETTINGS_MODULE=candle.settings.dev PYTHONPATH=$(CURDIR) $(UV) run django-admin makemessages -l ko --ignore "tests/*") || exit 1; \
	done
	cd candle && DJANGO_SETTINGS_MODULE=candle.settings.dev PYTHONPATH=$(CURDIR) $(UV) run django-admin compilemessages

clean: ## remove the demo database and media (var/)
	rm -rf var
