#!/usr/bin/env bash
# The README's main command (`make demo`) ends here: run the accounts compliance check.
#
# Without USEAPI_TOKEN: against the bundled stand-in API, twice, so a new user sees
# a passing check (tests/fixtures/accounts_healthy.json) and a failing one
# (tests/fixtures/accounts_mixed.json). Exits 0 when both behave as expected.
#
# With USEAPI_TOKEN (and optionally USEAPI_LTXSTUDIO_URL): against the real API, once;
# the exit code is ansible-playbook's (0 healthy, 2 problems found).
#
# Optional: ACCOUNTS_CHECK_REQUIRED="a@example.com,b@example.com", ACCOUNTS_CHECK_MIN_VALIDITY=7d.
# Needs VENV (a venv with ansible-core) and COLLECTIONS (where useapi.accounts is installed);
# `make demo` sets both.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
: "${VENV:?VENV must point at the virtualenv (make demo sets it)}"
: "${COLLECTIONS:?COLLECTIONS must point at the installed collections (make demo sets it)}"
reports="$here/build/reports"
mkdir -p "$reports"

export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml   # the check's message lists one problem per line
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_RETRY_FILES_ENABLED=false

required_json() {
  "$VENV/bin/python" -c 'import json, os, sys
items = [e.strip() for e in os.environ.get("ACCOUNTS_CHECK_REQUIRED", sys.argv[1]).split(",") if e.strip()]
print(json.dumps(items))' "$1"
}

run_check() {  # $1: report dir, $2: JSON list of required emails
  "$VENV/bin/ansible-playbook" -i localhost, useapi.accounts.accounts_check \
    -e "ansible_python_interpreter=$VENV/bin/python" \
    -e "{\"accounts_check_report_dir\": \"$1\", \"accounts_check_required\": $2, \"accounts_check_min_validity\": \"${ACCOUNTS_CHECK_MIN_VALIDITY:-7d}\"}"
}

if [ -n "${USEAPI_TOKEN:-}" ]; then
  echo "== Checking the real useapi.net configuration at ${USEAPI_LTXSTUDIO_URL:-https://api.useapi.net/v1/ltxstudio}"
  set +e
  run_check "$reports/live" "$(required_json '')"
  rc=$?
  set -e
  echo "== Reports: $reports/live/accounts_check.json and accounts_check.xml (exit code $rc)"
  exit "$rc"
fi

standin_pid=""
stop_standin() {
  if [ -n "$standin_pid" ]; then
    kill "$standin_pid" 2>/dev/null || true
    wait "$standin_pid" 2>/dev/null || true
    standin_pid=""
  fi
}
trap stop_standin EXIT

start_standin() {  # $1: fixture file
  local port_file
  port_file="$(mktemp)"
  rm -f "$port_file"
  PYTHONPATH="$here/tests" "$VENV/bin/python" -m standin --service "ltxstudio=$1" --token demo-token \
    --port-file "$port_file" --quiet &
  standin_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$port_file" ] && break
    sleep 0.1
  done
  [ -s "$port_file" ] || { echo "the stand-in API did not start" >&2; exit 1; }
  local port
  port="$(cat "$port_file")"
  export USEAPI_LTXSTUDIO_URL="http://127.0.0.1:$port/v1/ltxstudio"
  export USEAPI_TOKEN="demo-token"
  rm -f "$port_file"
}

cat <<'EOF'
No USEAPI_TOKEN is set, so this demo runs the check against the bundled stand-in API
(a local server that answers like useapi.net). Set USEAPI_TOKEN to check your real account.

== 1/2  A healthy configuration: the check passes and shows its verdict
EOF
start_standin "$here/tests/fixtures/accounts_healthy.json"
set +e
run_check "$reports/healthy" "$(required_json 'alice.producer@example.com')"
healthy_rc=$?
set -e
stop_standin
unset USEAPI_TOKEN USEAPI_LTXSTUDIO_URL

cat <<'EOF'

== 2/2  A realistic, broken configuration: the check fails once and lists every problem
EOF
start_standin "$here/tests/fixtures/accounts_mixed.json"
set +e
run_check "$reports/mixed" "$(required_json 'studio.lead@example.com,new.hire@example.com')"
mixed_rc=$?
set -e
stop_standin

echo
echo "== Reports for CI (JSON and JUnit) are in $reports/healthy and $reports/mixed"
if [ "$healthy_rc" -eq 0 ] && [ "$mixed_rc" -eq 2 ]; then
  echo "== Demo OK: the healthy configuration passed (exit 0) and the broken one failed (exit 2), as expected."
  exit 0
fi
echo "== Demo FAILED: expected exit codes 0 and 2, got $healthy_rc and $mixed_rc" >&2
exit 1
