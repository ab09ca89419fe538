#!/usr/bin/env bash
# The load test: the portal as a council runs it (gunicorn with DEBUG off, PostgreSQL, Redis, a Celery worker and
# beat), on 127.0.0.1 only, with a synthetic council of 2,000 young people, and locust's simulated people for a
# bounded time. Prints requests per second, p50/p95/p99 per page and the errors; stops everything it started.
#
#   make loadtest                                       200 people, 1 more a second, 7 minutes
#   LOADTEST_USERS=50 LOADTEST_TIME=2m make loadtest    smaller
#
# Why 1 a second for 7 minutes: a sign-in checks the password with Django's PBKDF2 (1,500,000 rounds, about 1.3 s of
# one core here), so 200 people signing in 20 a second queue for minutes on 2 cores and their codes run out. One a
# second signs everyone in within about 4 minutes; then 3 minutes at 200 people (the summary's "after everyone
# signed in"). LOADTEST_SPAWN_RATE=20 LOADTEST_TIME=3m is the sign-in storm instead.
#
# Everything goes in its own database (pledge_loadtest, dropped and made again each run; never pledge_portal)
# and its own Redis database (7). Logs and figures: var/loadtest/.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${LOADTEST_PORT:-8765}
USERS=${LOADTEST_USERS:-200}
SPAWN_RATE=${LOADTEST_SPAWN_RATE:-1}
RUN_TIME=${LOADTEST_TIME:-7m}
YOUNG_PEOPLE=${LOADTEST_YOUNG_PEOPLE:-2000}
DB_NAME=pledge_loadtest
OUT=var/loadtest
VENV=.venv/bin
mkdir -p "$OUT"

# The portal's production settings (pledge_portal/settings.py reads them); nothing here is a real secret.
export DEBUG=false
export SECRET_KEY=${SECRET_KEY:-"loadtest-$(head -c 24 /dev/urandom | base64)"}
export ALLOWED_HOSTS=127.0.0.1
# Locust plays the council's HTTPS proxy too: it says where each person is in X-Forwarded-For.
export BEHIND_TRUSTED_PROXY=true
export SITE_URL="https://127.0.0.1:${PORT}"
export DATABASE_URL="postgres://${PGUSER:-postgres}@127.0.0.1:5432/${DB_NAME}"
export CELERY_BROKER_URL=${LOADTEST_REDIS_URL:-redis://127.0.0.1:6379/7}
# No email leaves the machine: the sweep's and call-backs' emails are made and dropped.
export MAIL_BACKEND=django.core.mail.backends.dummy.EmailBackend
export LOG_LEVEL=WARNING
# Every load-test account's password (the council builder sets it, locust signs in with it).
export LOADTEST_PASSWORD=${LOADTEST_PASSWORD:-"loadtest-$(head -c 12 /dev/urandom | base64)"}
export LOADTEST_ACCOUNTS="$PWD/$OUT/accounts.json"
export LOADTEST_SAMPLES="$PWD/$OUT/samples.json"
# 2 x cores + 1 synchronous workers (gunicorn's advice): the pages are CPU and database work, no slow clients.
WORKERS=${LOADTEST_GUNICORN_WORKERS:-$(( 2 * $(nproc) + 1 ))}

pids=()
stop_everything() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_everything EXIT INT TERM

echo "== A fresh database ($DB_NAME) and the council of $YOUNG_PEOPLE"
dropdb -h 127.0.0.1 -U "${PGUSER:-postgres}" --if-exists "$DB_NAME"
createdb -h 127.0.0.1 -U "${PGUSER:-postgres}" "$DB_NAME"
$VENV/python manage.py migrate --noinput >/dev/null
$VENV/python manage.py createcachetable
$VENV/python manage.py loadtest_council --young-people "$YOUNG_PEOPLE" --accounts-file "$LOADTEST_ACCOUNTS"
$VENV/python manage.py collectstatic --noinput >/dev/null
"$VENV/python" -c "import redis, os; redis.Redis.from_url(os.environ['CELERY_BROKER_URL']).flushdb()"

echo "== gunicorn ($WORKERS workers) on 127.0.0.1:$PORT, a Celery worker and beat"
$VENV/gunicorn pledge_portal.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" --timeout 60 \
  >"$OUT/gunicorn.log" 2>&1 & pids+=($!)
$VENV/celery -A pledge_portal worker --loglevel=WARNING --concurrency 1 >"$OUT/celery-worker.log" 2>&1 & pids+=($!)
$VENV/celery -A pledge_portal beat --loglevel=WARNING --schedule "$OUT/celerybeat-schedule" \
  >"$OUT/celery-beat.log" 2>&1 & pids+=($!)
for _ in $(seq 60); do
  curl -fs -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/accounts/login/" && break
  sleep 0.5
done

echo "== locust: $USERS people, $SPAWN_RATE more a second, for $RUN_TIME"
rm -f "$LOADTEST_SAMPLES"
PYTHONPATH=$PWD $VENV/locust -f loadtest/locustfile.py --headless --host "http://127.0.0.1:$PORT" \
  -u "$USERS" -r "$SPAWN_RATE" -t "$RUN_TIME" --stop-timeout 10 --csv "$OUT/locust" --only-summary \
  --exit-code-on-error 0 2>"$OUT/locust.log" || true

echo
$VENV/python loadtest/summary.py "$LOADTEST_SAMPLES" | tee "$OUT/summary.txt"
