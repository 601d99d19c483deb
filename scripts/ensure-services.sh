#!/usr/bin/env bash
# Makes this machine ready for RoboKit: PostgreSQL and Redis answering, ffmpeg present (the dataset
# factory encodes demo videos with it) and Debian's Chromium (the dashboard's browser tests drive it).
# Starts or installs only what is missing.
set -euo pipefail

DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
# host and port of REDIS_URL (redis://[user:pass@]host:port[/db])
REDIS_HOST=$(echo "$REDIS_URL" | sed -E 's#^rediss?://([^@/]*@)?([^:/]+).*#\2#')
REDIS_PORT=$(echo "$REDIS_URL" | sed -E 's#^rediss?://([^@/]*@)?[^:/]+:?([0-9]*).*#\2#')
REDIS_PORT=${REDIS_PORT:-6379}

apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "Please install: $* (needs root)" >&2; exit 1; fi
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}..."
  apt_install "${missing[@]}"
fi

if ! pg_isready -d "$DATABASE_URL" -t 2 >/dev/null 2>&1; then
  echo "Starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -1)" main start
  for _ in $(seq 1 30); do pg_isready -d "$DATABASE_URL" -t 1 >/dev/null 2>&1 && break; sleep 1; done
  pg_isready -d "$DATABASE_URL" -t 2 >/dev/null || { echo "PostgreSQL did not start" >&2; exit 1; }
fi

if ! redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1; then
  echo "Starting Redis on port $REDIS_PORT..."
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log
  for _ in $(seq 1 30); do redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 1; done
  redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping >/dev/null || { echo "Redis did not start on $REDIS_HOST:$REDIS_PORT" >&2; exit 1; }
fi
echo "PostgreSQL, Redis, ffmpeg and Chromium are ready."
