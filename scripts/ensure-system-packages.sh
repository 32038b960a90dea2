#!/usr/bin/env bash
# Installs the system programs the test suite needs when they are missing:
# GNU gettext's msgfmt to compile the message catalogues, Chromium for the browser tests, PostgreSQL for `make test-postgres`, and the
# Pango libraries WeasyPrint renders PDFs with. Nothing is installed by hand on CI.
set -euo pipefail
want_postgres=0
[ "${1:-}" = "--postgres" ] && want_postgres=1

missing=()
if ! command -v chromium >/dev/null 2>&1 && [ -z "${OPENIPT_CHROMIUM:-}" ]; then
  missing+=(chromium)
fi
if ! command -v msgfmt >/dev/null 2>&1; then
  missing+=(gettext)
fi
if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then
  missing+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
fi
if [ "$want_postgres" = 1 ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif [[ " ${missing[*]} " == *" chromium "* ]]; then
  # Not root: fall back to Playwright's own browser download for Chromium.
  .venv/bin/python -m playwright install chromium
else
  echo "Missing system packages (${missing[*]}) and not root to install them." >&2
  exit 1
fi
