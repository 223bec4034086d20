#!/usr/bin/env bash
# The production set-up on this machine: nginx on 127.0.0.1:PORT in front of granian on
# 127.0.0.1:PORT+1, and the background worker (manage.py db_worker), with
# candle.settings.production, against SQLite (var/candle.sqlite3) or the database in
# DATABASE_URL. `make serve` runs it; Ctrl-C stops them all.
#
#   scripts/serve.sh [PORT]                    (default 8000)
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/candle scripts/serve.sh 8000
#   REDIS_URL=redis://127.0.0.1:6379/1 ...      the page cache in Redis instead of var/cache/
#   CANDLE_SERVE_NGINX=0 ...                    granian alone on PORT
#   CANDLE_WORKERS=5 CANDLE_THREADS=1 ...       the app server's size (deploy/granian_server.py)
#   CANDLE_SERVE_SETUP=0 ...                    skip migrate and collectstatic
#   CANDLE_SERVE_WORKER=0 ...                   no background worker (tasks wait in the database)
#   CANDLE_SERVE_SCHEDULE=0 ...                 no schedule runner (manage.py run_schedule)
#
# Local serving is plain HTTP, so HTTPS redirects and secure-only cookies are turned off here
# (CANDLE_SSL_REDIRECT=0, CANDLE_SECURE_COOKIES=0); on a server nginx terminates TLS and both
# stay on (docs/deployment.md).
#
# LOCAL ONLY: production settings refuse to start without explicit secrets, so this script
# gives them, generating what is missing into var/ (mode 600) the first time: the secret key
# (var/secret-key) and the field keys for resident numbers (var/field-keys, the same file
# `make demo` uses, so the demo's numbers stay readable). On a server the operator provides
# these (docs/deployment.md); the settings themselves never create them. Mail goes by SMTP to
# CANDLE_EMAIL_HOST:CANDLE_EMAIL_PORT (127.0.0.1:25 unless set): without a mail server there,
# sending fails. The test payment provider is off, as production requires.
set -euo pipefail

PORT="${1:-${PORT:-8000}}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1024 || PORT > 65534 )); then
    echo "serve.sh: PORT must be a number from 1024 to 65534 (got '$PORT')." >&2
    exit 2
fi

export CANDLE_VAR_DIR="${CANDLE_VAR_DIR:-$ROOT/var}"
mkdir -p "$CANDLE_VAR_DIR"
chmod go-rw "$CANDLE_VAR_DIR"  # 711: nginx may pass through to static/ and media/, not list it
KEY_FILE="$CANDLE_VAR_DIR/secret-key"
if [[ ! -s "$KEY_FILE" ]]; then
    (umask 077 && "$ROOT/.venv/bin/python" -c "import secrets; print(secrets.token_urlsafe(64))" > "$KEY_FILE")
fi
export CANDLE_SECRET_KEY="${CANDLE_SECRET_KEY:-$(cat "$KEY_FILE")}"
if [[ -z "${CANDLE_FIELD_KEYS:-}" ]]; then
    export CANDLE_FIELD_KEY_FILE="${CANDLE_FIELD_KEY_FILE:-$CANDLE_VAR_DIR/field-keys}"
    if [[ ! -s "$CANDLE_FIELD_KEY_FILE" ]]; then
        (umask 077 && "$ROOT/.venv/bin/python" -c \
            "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" \
            > "$CANDLE_FIELD_KEY_FILE")
    fi
fi
export CANDLE_FIELD_KEY_AUTOCREATE=0
export CANDLE_TEST_PROVIDER_ENABLED=0
export CANDLE_EMAIL_BACKEND="${CANDLE_EMAIL_BACKEND:-django.core.mail.backends.smtp.EmailBackend}"
export CANDLE_EMAIL_HOST="${CANDLE_EMAIL_HOST:-127.0.0.1}"
export DJANGO_SETTINGS_MODULE=candle.settings.production
export CANDLE_SSL_REDIRECT="${CANDLE_SSL_REDIRECT:-0}"
export CANDLE_SECURE_COOKIES="${CANDLE_SECURE_COOKIES:-0}"
export CANDLE_ALLOWED_HOSTS="${CANDLE_ALLOWED_HOSTS:-127.0.0.1,localhost}"
export CANDLE_BASE_URL="${CANDLE_BASE_URL:-http://127.0.0.1:$PORT}"
export CANDLE_STATIC_ROOT="${CANDLE_STATIC_ROOT:-$CANDLE_VAR_DIR/static}"
export CANDLE_MEDIA_ROOT="${CANDLE_MEDIA_ROOT:-$CANDLE_VAR_DIR/media}"
PY="$ROOT/.venv/bin/python"

if [[ "${CANDLE_SERVE_SETUP:-1}" == "1" ]]; then
    "$PY" manage.py migrate --no-input -v 0
    "$PY" manage.py collectstatic --no-input -v 0
fi

pids=()
stop() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap stop EXIT INT TERM

if [[ "${CANDLE_SERVE_NGINX:-1}" == "1" ]]; then
    APP_PORT=$((PORT + 1))
    RUN="$CANDLE_VAR_DIR/nginx/$PORT"
    rm -rf "$RUN/cache"  # a fresh start never serves pages nginx kept from an earlier run
    mkdir -p "$RUN/tmp" "$RUN/cache" "$CANDLE_MEDIA_ROOT"
    sed -e "s#@LISTEN@#127.0.0.1:$PORT#" -e "s#@APP@#127.0.0.1:$APP_PORT#" \
        -e "s#@STATIC_ROOT@#$CANDLE_STATIC_ROOT#" -e "s#@MEDIA_ROOT@#$CANDLE_MEDIA_ROOT#" \
        -e "s#@RUN@#$RUN#g" -e "s#@WORKERS@#${CANDLE_NGINX_WORKERS:-auto}#" \
        deploy/nginx/candle.conf.template > "$RUN/nginx.conf"
    if [[ $EUID -eq 0 ]]; then chown -R nobody "$RUN/tmp" "$RUN/cache"; fi  # nginx's workers run as nobody
    /usr/sbin/nginx -p "$RUN" -c "$RUN/nginx.conf" -e "$RUN/error.log" -g "daemon off;" &
    pids+=($!)
    echo "nginx on http://127.0.0.1:$PORT/ (the app itself on 127.0.0.1:$APP_PORT)"
else
    APP_PORT=$PORT
fi

# The background worker (mail, search indexing, CDN purges: production stores tasks in the
# database, docs/deployment.md); CANDLE_SERVE_WORKER=0 leaves tasks queued. In its own session,
# so that Ctrl-C reaches it only as stop()'s one TERM: it finishes the task it is running, then
# exits (a second signal would abort that task).
if [[ "${CANDLE_SERVE_WORKER:-1}" == "1" ]]; then
    setsid "$PY" manage.py db_worker --no-reload --interval 1 -v 1 &
    pids+=($!)
fi
# The schedule's runner (publishing, pledge charges, reminders, retention, mail retries:
# candle/operations/schedule.py), in its own session too: a TERM lets its running job finish.
if [[ "${CANDLE_SERVE_SCHEDULE:-1}" == "1" ]]; then
    setsid "$PY" manage.py run_schedule -v 1 &
    pids+=($!)
fi

CANDLE_BIND="127.0.0.1:$APP_PORT" "$PY" deploy/granian_server.py &
pids+=($!)
# Stop everything as soon as any one stops.
wait -n "${pids[@]}"
