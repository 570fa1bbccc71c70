#!/usr/bin/env bash
# Schemathesis against a live server: `citeosquare serve --demo --demo-past 0` on loopback, in a
# temporary data directory and on free ports, called with an API token of the demo's admin. Every
# operation of the served OpenAPI document is tried with generated requests, bounded (a few
# examples each, deterministic generation: the same requests every run, about a minute in all),
# and the run fails when
#   - the server answers 5xx (not_a_server_error),
#   - an answer's status is not one the document lists (status_code_conformance),
#   - an answer's body does not match the document's schema (response_schema_conformance),
#   - a request the document calls valid is refused with 400/422 (positive_data_acceptance; 2xx,
#     3xx, 401, 403, 404, 409 and 429 pass: an id in the path that names nothing, a value another
#     record has). The rules the document cannot state — two fields tied together (an end after
#     its start, a phone or an e-mail), a day relative to today, an id in the body that must name
#     one of the site's records, a bound read from the settings — are kept by the generator
#     itself: server/tests/schemathesis_hooks.py, each rule citing the Rust function it mirrors.
#
# Usage: server/tests/schemathesis.sh [BINARY]   (default target/debug/citeosquare, built first by
# the caller). Environment: SCHEMATHESIS_VENV (default target/openapi-venv), SCHEMATHESIS_EXAMPLES
# (default 10 per operation), SCHEMATHESIS_CHECKS, SCHEMATHESIS_REPORT (a folder for the JUnit and
# NDJSON reports; by default a temporary one, kept with the server's log on failure).
set -euo pipefail
cd "$(dirname "$0")/../.."

SCHEMATHESIS_VERSION=4.32.5
binary=${1:-target/debug/citeosquare}
venv=$(realpath -m "${SCHEMATHESIS_VENV:-target/openapi-venv}")
examples=${SCHEMATHESIS_EXAMPLES:-10}
checks=${SCHEMATHESIS_CHECKS:-not_a_server_error,status_code_conformance,response_schema_conformance,positive_data_acceptance}

test -x "$binary" || { echo "$binary: not built (cargo build -p citeosquare-server)"; exit 1; }
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
    "$venv/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION"
fi

work=$(mktemp -d)
report=${SCHEMATHESIS_REPORT:-$work/report}
server_pid=
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "${keep:-0}" = 1 ]; then
        echo "kept: the server's log and the reports in $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
mqtt_port=$(free_port)

# The demo site without its year of past activity; the HTTP port is chosen by the system and read
# back from what the server prints.
# The file exists before the server writes to it: the loop below reads it at once.
: >"$work/server.out"
env -u CITEOSQUARE_CONFIG RUST_LOG=warn "$binary" serve --demo --demo-past 0 \
    --data-dir "$work/data" --http 127.0.0.1:0 --mqtt "127.0.0.1:$mqtt_port" \
    >"$work/server.out" 2>"$work/server.log" </dev/null &
server_pid=$!
base=
for _ in $(seq 300); do
    base=$(sed -n 's|^accueil : \(http://[^/]*\)/accueil$|\1|p' "$work/server.out")
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "the server stopped"; exit 1; }
    sleep 0.1
done
test -n "$base" || { echo "the server did not print its address"; exit 1; }
echo "server at $base (data in $work/data)"

token=$(env -u CITEOSQUARE_CONFIG "$binary" --data-dir "$work/data" user token admin --label schemathesis)

# Data-generation hooks (server/tests/schemathesis_hooks.py): generated positive requests also
# keep the rules the document cannot state (tied fields, dates relative to today, ids of the
# demo's records, bounds read from the database), read from this server with this token.
export SCHEMATHESIS_HOOKS=schemathesis_hooks
export PYTHONPATH="$PWD/server/tests${PYTHONPATH:+:$PYTHONPATH}"
export CITEOSQUARE_ST_BASE=$base CITEOSQUARE_ST_TOKEN=$token CITEOSQUARE_ST_DB=$work/data/citeosquare.db

started=$SECONDS
set +e
# From the temporary folder: schemathesis keeps a cache of what it found in `.schemathesis/`.
cd "$work"
"$venv/bin/schemathesis" run "$base/api/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --header "Accept-Language: en" \
    --checks "$checks" \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --generation-deterministic \
    --workers 1 \
    --request-timeout 30 \
    --no-color \
    --report junit,ndjson --report-dir "$report"
status=$?
set -e
echo "schemathesis: $((SECONDS - started)) s, exit $status"
if [ "$status" != 0 ]; then
    keep=1
    echo "--- the server's log (last 40 lines)"
    tail -n 40 "$work/server.log"
fi
exit "$status"
