#!/usr/bin/env bash
# The README's main command (`make demo`) ends here: run the accounts compliance check.
#
# Without USEAPI_TOKEN: against the bundled stand-in API, serving LTX Studio, Kling, MiniMax and
# Google Flow (DEMO_SERVICES), three times, so a new user sees a passing check across every service
# (tests/fixtures/<service>/healthy.json), a failing one (tests/fixtures/<service>/mixed.json), and the
# failing one under a policy (warning tier, thresholds per service and account, a waiver).
# Exits 0 when all three behave as expected.
#
# With USEAPI_TOKEN (and optionally USEAPI_BASE_URL): against the real API, once; the exit code is
# ansible-playbook's (0 healthy, 2 problems found).
#
# Optional: DEMO_SERVICES="kling,minimax" (default ltxstudio,kling,minimax,google-flow),
# ACCOUNTS_CHECK_REQUIRED='{"kling": ["a@example.com"]}' (JSON), ACCOUNTS_CHECK_MIN_VALIDITY=7d.
# Needs VENV (a venv with ansible-core and the stand-in's packages) and COLLECTIONS (where
# useapi.accounts is installed); `make demo` sets both.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
: "${VENV:?VENV must point at the virtualenv (make demo sets it)}"
: "${COLLECTIONS:?COLLECTIONS must point at the installed collections (make demo sets it)}"
reports="$here/build/reports"
mkdir -p "$reports"
services="${DEMO_SERVICES:-ltxstudio,kling,minimax,google-flow}"

export ANSIBLE_COLLECTIONS_PATH="$COLLECTIONS"
export ANSIBLE_CALLBACK_RESULT_FORMAT=yaml   # the check's message lists one problem per line
export ANSIBLE_LOCALHOST_WARNING=false
export ANSIBLE_INVENTORY_UNPARSED_WARNING=false
export ANSIBLE_RETRY_FILES_ENABLED=false

run_check() {  # $1: report dir, $2: JSON of the required ids (a dict service -> ids), $3: JSON of more role variables
  local vars
  vars="$("$VENV/bin/python" -c 'import json, sys
services = [s.strip() for s in sys.argv[3].split(",") if s.strip()]
required = dict((k, v) for k, v in json.loads(sys.argv[2]).items() if k in services)
more = json.loads(sys.argv[5])
for key in ("accounts_check_thresholds", "accounts_check_waivers"):  # only the services checked
    more[key] = [entry for entry in more.get(key, []) if entry["service"] in services]
print(json.dumps(dict({"accounts_check_report_dir": sys.argv[1], "accounts_check_required": required,
                       "accounts_check_services": services, "accounts_check_min_validity": sys.argv[4]}, **more)))' \
    "$1" "${ACCOUNTS_CHECK_REQUIRED:-$2}" "$services" "${ACCOUNTS_CHECK_MIN_VALIDITY:-7d}" "${3:-{\}}")"
  "$VENV/bin/ansible-playbook" -i localhost, useapi.accounts.accounts_check \
    -e "ansible_python_interpreter=$VENV/bin/python" -e "$vars"
}

if [ -n "${USEAPI_TOKEN:-}" ]; then
  echo "== Checking the real useapi.net configuration of $services at ${USEAPI_BASE_URL:-https://api.useapi.net}"
  set +e
  run_check "$reports/live" '{}'
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

start_standin() {  # $1: fixture name (healthy or mixed), one per service
  local port_file arguments=()
  port_file="$(mktemp)"
  rm -f "$port_file"
  IFS=',' read -r -a names <<< "$services"
  for name in "${names[@]}"; do
    arguments+=(--service "$name=$here/tests/fixtures/$name/$1.json")
  done
  PYTHONPATH="$here/tests" "$VENV/bin/python" -m standin "${arguments[@]}" --token demo-token \
    --port-file "$port_file" --quiet &
  standin_pid=$!
  for _ in $(seq 1 100); do
    [ -s "$port_file" ] && break
    sleep 0.1
  done
  [ -s "$port_file" ] || { echo "the stand-in API did not start" >&2; exit 1; }
  local port
  port="$(cat "$port_file")"
  export USEAPI_BASE_URL="http://127.0.0.1:$port"
  export USEAPI_TOKEN="demo-token"
  rm -f "$port_file"
}

cat <<EOF
No USEAPI_TOKEN is set, so this demo runs the check against the bundled stand-in API
(a local server that answers like useapi.net) for: $services.
Set USEAPI_TOKEN to check your real accounts.

== 1/3  Healthy configurations: the check passes and shows its verdict
EOF
start_standin healthy
set +e
run_check "$reports/healthy" '{"ltxstudio": ["alice.producer@example.com"]}'
healthy_rc=$?
set -e
stop_standin
unset USEAPI_TOKEN USEAPI_BASE_URL

cat <<'EOF'

== 2/3  Realistic, broken configurations: the check fails once and lists every problem of every service
EOF
start_standin mixed
set +e
run_check "$reports/mixed" '{"ltxstudio": ["studio.lead@example.com", "new.hire@example.com"]}'
mixed_rc=$?
set -e
stop_standin

cat <<'EOF'

== 3/3  The broken configurations under a policy (see the CI guide): warn at 30 days, the LTX Studio
        render account critical at 14 days, Kling at 3 days, and one broken account waived, with its ticket
EOF
policy='{"accounts_check_warn_validity": "30d",
  "accounts_check_thresholds": [{"service": "ltxstudio", "id": "marketing.video@example.com", "min_validity": "14d"},
                                {"service": "kling", "min_validity": "3d"}],
  "accounts_check_waivers": [{"service": "ltxstudio", "id": "agency.ops@example.com", "kinds": ["error"],
                              "until": "2099-12-31", "reason": "refresh token revoked; replacement ordered, OPS-123"}]}'
start_standin mixed
set +e
run_check "$reports/policy" '{"ltxstudio": ["studio.lead@example.com"]}' "$policy"
policy_rc=$?
set -e
stop_standin
policy_status="$("$VENV/bin/python" -c 'import json, sys; r = json.load(open(sys.argv[1]))
print("%s, %d waived, %d warnings" % (r["status"], r["summary"]["waived"], r["summary"]["warnings"]))' \
  "$reports/policy/accounts_check.json")"
echo "== Under the policy: status $policy_status (exit $policy_rc)"

echo
echo "== Reports for CI (JSON, JUnit, Prometheus, Markdown) are in $reports/healthy, $reports/mixed and $reports/policy"
if [ "$healthy_rc" -eq 0 ] && [ "$mixed_rc" -eq 2 ] && [ "$policy_rc" -eq 2 ] \
   && [[ "$policy_status" == "problems, 1 waived, "* ]]; then
  echo "== Demo OK: the healthy configurations passed (exit 0), the broken ones failed (exit 2), and the policy"
  echo "   waived one problem and warned of others while the rest still fail, as expected."
  exit 0
fi
echo "== Demo FAILED: expected exit codes 0, 2 and 2 with one waived problem, got $healthy_rc, $mixed_rc and $policy_rc ($policy_status)" >&2
exit 1
