#!/usr/bin/env bash
# End-to-end check of the citeosquare Mosquitto setup (acl, make-passwords.sh,
# test-broker.sh) with the real mosquitto broker and mosquitto_pub/_sub.
#
#   selftest.sh            # fresh temporary DIR, random loopback port
#   selftest.sh DIR PORT   # DIR must be absent or empty
#
# Prints one "ok - ..." / "not ok - ..." line per check and exits non-zero if
# any check failed. The broker is always killed at the end; every client call
# runs under `timeout`, so the script cannot hang.
#
# Denied publishes are silently dropped by mosquitto (MQTT 3.1.1) and denied
# reads are filtered at delivery time, so isolation checks are made by
# absence: the clients use persistent sessions (-c -E then resume), a marker
# message that IS allowed is sent after the forbidden one, and the receiver
# must get the marker but not the forbidden message within a timeout.
set -uo pipefail

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
prog=$(basename "$0")

for cmd in mosquitto mosquitto_pub mosquitto_sub mosquitto_passwd timeout; do
    command -v "$cmd" >/dev/null 2>&1 || {
        echo "$prog: $cmd not found (apt install mosquitto mosquitto-clients coreutils)" >&2
        exit 2
    }
done

own_dir=0
fixed_port=0
case $# in
    0)
        dir=$(mktemp -d "${TMPDIR:-/tmp}/citeosquare-mq-selftest.XXXXXX")
        own_dir=1
        port=""
        ;;
    2)
        dir=$1
        port=$2
        fixed_port=1
        if [[ -e $dir ]] && [[ -n $(ls -A -- "$dir") ]]; then
            echo "$prog: $dir is not empty (remove it first: the broker keeps state there)" >&2
            exit 2
        fi
        mkdir -p -- "$dir" || exit 2
        ;;
    *)
        echo "usage: $prog [DIR PORT]" >&2
        exit 2
        ;;
esac

server_user=citeosquare-server
server_pw=${CITEOSQUARE_MQTT_PASSWORD:-server-test}
base=citeosquare/v1/main/kiosk
run=$$-$RANDOM # makes client ids and payloads unique to this run
log="$dir/broker.log"
broker_pid=""
will_pid=""
failures=0
checks=0

ok() {
    checks=$((checks + 1))
    echo "ok - $*"
}
not_ok() {
    checks=$((checks + 1))
    failures=$((failures + 1))
    echo "not ok - $*"
}
# check DESCRIPTION COMMAND...: ok if the command succeeds.
check() {
    local desc=$1
    shift
    if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# --- broker ----------------------------------------------------------------

port_open() {
    timeout 1 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# start_broker: runs test-broker.sh DIR PORT in the background, waits until the
# port accepts connections (at most ~10 s).
start_broker() {
    "$here/test-broker.sh" "$dir" "$port" >>"$log" 2>&1 &
    broker_pid=$!
    local i
    for ((i = 0; i < 100; i++)); do
        if ! kill -0 "$broker_pid" 2>/dev/null; then
            broker_pid=""
            return 1
        fi
        port_open "$port" && return 0
        sleep 0.1
    done
    return 1
}

# stop_broker [SIGNAL]: stops our broker (default TERM = clean shutdown, which
# saves the persistence database) and waits for it, SIGKILL after 5 s.
stop_broker() {
    local sig=${1:-TERM} i
    [[ -n $broker_pid ]] || return 0
    kill "-$sig" "$broker_pid" 2>/dev/null
    for ((i = 0; i < 50; i++)); do
        kill -0 "$broker_pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$broker_pid" 2>/dev/null; then
        kill -KILL "$broker_pid" 2>/dev/null
    fi
    wait "$broker_pid"
    broker_pid=""
} 2>/dev/null # also hides bash's "Killed" notice for the broker job

# SIGKILL the background will client (a clean exit would discard its will).
kill_will_client() {
    [[ -n $will_pid ]] || return 0
    kill -KILL "$will_pid"
    wait "$will_pid"
    will_pid=""
} 2>/dev/null # also hides bash's "Killed" notice

cleanup() {
    kill_will_client
    stop_broker TERM
    if ((failures > 0)) && [[ -f $log ]]; then
        echo "# --- last broker log lines ($log) ---" >&2
        tail -n 40 "$log" | sed 's/^/# /' >&2
    fi
    if ((own_dir)) && ((failures == 0)); then
        rm -rf -- "$dir"
    elif ((own_dir)); then
        echo "# broker DIR kept for inspection: $dir" >&2
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=0
for attempt in 1 2 3 4 5; do
    if ((!fixed_port)); then
        port=$((20000 + RANDOM % 40000))
        port_open "$port" && continue # in use
    elif port_open "$port"; then
        echo "$prog: port $port is already in use" >&2
        break
    fi
    if start_broker; then
        started=1
        break
    fi
    stop_broker KILL
    ((fixed_port)) && break
done
if ((!started)); then
    not_ok "test broker starts (test-broker.sh $dir $port)"
    exit 1
fi
ok "test broker started: test-broker.sh $dir $port"

# --- MQTT helpers (QoS 1 everywhere, like the protocol) ----------------------

conn=(-h 127.0.0.1 -p "$port" -q 1)

# pub USER PASSWORD TOPIC [mosquitto_pub args...]
pub() {
    local user=$1 pw=$2 topic=$3
    shift 3
    timeout 10 mosquitto_pub "${conn[@]}" -u "$user" -P "$pw" -t "$topic" "$@"
}
# sub USER PASSWORD [mosquitto_sub args...]   (caller gives -W / -C / -E)
sub() {
    local user=$1 pw=$2
    shift 2
    timeout 15 mosquitto_sub "${conn[@]}" -u "$user" -P "$pw" "$@" 2>/dev/null
}
# session_open USER PASSWORD CLIENT_ID TOPIC...: create a persistent session
# subscribed to TOPICs (returns once the SUBACK is received).
session_open() {
    local user=$1 pw=$2 id=$3
    shift 3
    local t args=()
    for t in "$@"; do args+=(-t "$t"); done
    sub "$user" "$pw" -c -i "$id" "${args[@]}" -E
}
# session_read USER PASSWORD CLIENT_ID COUNT WAIT TOPIC...: resume the session
# and print up to COUNT queued/arriving messages as "topic payload", waiting at
# most WAIT seconds.
session_read() {
    local user=$1 pw=$2 id=$3 count=$4 wait=$5
    shift 5
    local t args=()
    for t in "$@"; do args+=(-t "$t"); done
    sub "$user" "$pw" -c -i "$id" "${args[@]}" -C "$count" -W "$wait" -v
}
has_line() { grep -qxF -- "$2" <<<"$1"; }
lacks() { ! grep -qF -- "$2" <<<"$1"; }

srv_sid="st-$run-server"
srv_events="citeosquare/v1/+/kiosk/+/event"
srv_status="citeosquare/v1/+/kiosk/+/status"

# --- (a) kiosk event reaches the server -------------------------------------
session_open "$server_user" "$server_pw" "$srv_sid" "$srv_events"
p_a="{\"v\":1,\"id\":\"a-$run\",\"kiosk\":\"demo-sel\"}"
pub demo-sel demo "$base/demo-sel/event" -m "$p_a"
out=$(session_read "$server_user" "$server_pw" "$srv_sid" 1 5 "$srv_events")
check "(a) demo-sel publishes on its event topic and $server_user receives it" \
    has_line "$out" "$base/demo-sel/event $p_a"

# --- (b) kiosk cannot publish under another kiosk ----------------------------
p_b="{\"v\":1,\"id\":\"b-$run\",\"kiosk\":\"demo-salle\"}"
p_bm="{\"v\":1,\"id\":\"bm-$run\",\"kiosk\":\"demo-sel\"}"
pub demo-sel demo "$base/demo-salle/event" -m "$p_b" # accepted, silently dropped
pub demo-sel demo "$base/demo-sel/event" -m "$p_bm"  # marker, allowed
out=$(session_read "$server_user" "$server_pw" "$srv_sid" 2 3 "$srv_events")
check "(b) demo-sel's publish on demo-salle's event topic is not delivered to $server_user (marker received, forged event absent after 3 s)" \
    eval 'has_line "$out" "$base/demo-sel/event $p_bm" && lacks "$out" "$p_b"'

p_b2="{\"v\":1,\"state\":\"online\",\"kiosk\":\"demo-salle\",\"forged\":\"$run\"}"
pub demo-sel demo "$base/demo-salle/status" -r -m "$p_b2"
out=$(sub "$server_user" "$server_pw" -t "$base/demo-salle/status" -W 2 -v)
check "(b) demo-sel cannot set demo-salle's retained status" lacks "$out" "$p_b2"

# --- (c) kiosk cannot read another kiosk's ack -------------------------------
spy_sid="st-$run-sel-spy"
salle_sid="st-$run-salle"
# Mosquitto accepts the subscription; the ACL filters each message on delivery.
session_open demo-sel demo "$spy_sid" "$base/demo-salle/ack" "$base/demo-sel/ack"
session_open demo-salle demo "$salle_sid" "$base/demo-salle/ack"
p_c="{\"v\":1,\"id\":\"c-$run\",\"result\":\"entered\",\"for\":\"demo-salle\"}"
p_cm="{\"v\":1,\"id\":\"cm-$run\",\"result\":\"recorded\",\"for\":\"demo-sel\"}"
pub "$server_user" "$server_pw" "$base/demo-salle/ack" -m "$p_c"
pub "$server_user" "$server_pw" "$base/demo-sel/ack" -m "$p_cm"
out=$(session_read demo-sel demo "$spy_sid" 2 3 "$base/demo-salle/ack" "$base/demo-sel/ack")
check "(c) demo-sel subscribed to demo-salle's ack does not receive it (own ack received, other's absent after 3 s)" \
    eval 'has_line "$out" "$base/demo-sel/ack $p_cm" && lacks "$out" "$p_c"'
out=$(session_read demo-salle demo "$salle_sid" 1 5 "$base/demo-salle/ack")
check "(c) control: demo-salle does receive its own ack" \
    has_line "$out" "$base/demo-salle/ack $p_c"

# --- (d) authentication ------------------------------------------------------
refused() { # refused [mosquitto_pub auth args...]: connection must be refused
    local err
    err=$(timeout 10 mosquitto_pub "${conn[@]}" "$@" -t "$base/demo-sel/event" -m "{}" 2>&1) && return 1
    grep -qi "not authori" <<<"$err"
}
check "(d) wrong password refused" refused -u demo-sel -P wrong-password
check "(d) unknown user refused" refused -u demo-nobody -P demo
check "(d) anonymous connection refused" refused

# --- (e) server ack reaches the kiosk ----------------------------------------
sel_sid="st-$run-sel"
session_open demo-sel demo "$sel_sid" "$base/demo-sel/ack" "$base/demo-sel/config"
p_e="{\"v\":1,\"id\":\"e-$run\",\"result\":\"shift_started\",\"display\":{\"title\":\"Bonjour\"}}"
pub "$server_user" "$server_pw" "$base/demo-sel/ack" -m "$p_e"
out=$(session_read demo-sel demo "$sel_sid" 1 5 "$base/demo-sel/ack" "$base/demo-sel/config")
check "(e) $server_user publishes an ack that demo-sel receives" \
    has_line "$out" "$base/demo-sel/ack $p_e"

# --- (f) retained status -----------------------------------------------------
p_f="{\"v\":1,\"state\":\"online\",\"kiosk\":\"demo-sel\",\"boot\":\"f-$run\",\"pending\":0}"
pub demo-sel demo "$base/demo-sel/status" -r -m "$p_f"
out=$(sub "$server_user" "$server_pw" -t "$srv_status" -W 2 -F '%r %t %p')
check "(f) retained status from demo-sel is seen (retained flag set) by a new $server_user subscription" \
    has_line "$out" "1 $base/demo-sel/status $p_f"

out=$(sub demo-salle demo -t '#' -W 2 -v)
check "(f) demo-salle subscribed to '#' sees none of demo-sel's retained status" lacks "$out" "$p_f"

# --- extra: last will, clearing a retained status ------------------------------
p_w="{\"v\":1,\"state\":\"offline\",\"kiosk\":\"demo-sel\"}"
will_id="st-$run-will"
# Not under `timeout`: the client itself must die by SIGKILL (a clean exit
# sends DISCONNECT and the broker then discards the will). cleanup() kills it
# if the script is interrupted before.
mosquitto_sub "${conn[@]}" -u demo-sel -P demo -i "$will_id" -k 30 \
    -t "$base/demo-sel/config" --will-topic "$base/demo-sel/status" \
    --will-payload "$p_w" --will-qos 1 --will-retain >/dev/null 2>&1 &
will_pid=$!
for ((i = 0; i < 50; i++)); do
    grep -q "as $will_id " "$log" 2>/dev/null && break
    sleep 0.1
done
sleep 0.2
kill_will_client
out=""
for ((i = 0; i < 3; i++)); do # the broker publishes the will once it sees the socket close
    out=$(sub "$server_user" "$server_pw" -t "$base/demo-sel/status" -C 1 -W 2 -F '%r %t %p')
    has_line "$out" "1 $base/demo-sel/status $p_w" && break
done
check "last will: demo-sel killed -> retained offline status seen by $server_user" \
    has_line "$out" "1 $base/demo-sel/status $p_w"

pub "$server_user" "$server_pw" "$base/demo-sel/status" -r -n
out=$(sub "$server_user" "$server_pw" -t "$srv_status" -W 2 -v)
check "$server_user can clear a retained status (empty retained publish)" \
    lacks "$out" "$base/demo-sel/status"

# --- extra: message sizes --------------------------------------------------------
big8k="$dir/payload-8k"
big2m="$dir/payload-2m"
head -c 8192 /dev/zero | tr '\0' 'x' >"$big8k"
head -c $((2 * 1024 * 1024 + 1024)) /dev/zero | tr '\0' 'y' >"$big2m"
pub demo-sel demo "$base/demo-sel/event" -f "$big8k"
pub demo-sel demo "$base/demo-sel/event" -f "$big2m"
p_sm="{\"v\":1,\"id\":\"size-marker-$run\"}"
pub demo-sel demo "$base/demo-sel/event" -m "$p_sm"
out=$(timeout 15 mosquitto_sub "${conn[@]}" -u "$server_user" -P "$server_pw" -c -i "$srv_sid" \
    -t "$srv_events" -C 3 -W 3 -F '%t %l' 2>/dev/null)
rm -f -- "$big8k" "$big2m"
check "sizes: an 8 KiB event (over the 4 KiB protocol cap) reaches $server_user, a 2 MiB + 1 KiB one is dropped by the broker" \
    eval 'has_line "$out" "$base/demo-sel/event 8192" && has_line "$out" "$base/demo-sel/event ${#p_sm}" && lacks "$out" "$base/demo-sel/event $((2 * 1024 * 1024 + 1024))"'

# --- extra: persistence across a broker kill -9 + restart ----------------------
p_p="{\"v\":1,\"id\":\"p-$run\",\"kiosk\":\"demo-sel\"}"
p_pc="{\"v\":1,\"kiosk\":\"demo-sel\",\"role\":\"sel\",\"label\":\"p-$run\"}"
pub demo-sel demo "$base/demo-sel/event" -m "$p_p" # queued for the offline server session
pub "$server_user" "$server_pw" "$base/demo-sel/config" -r -m "$p_pc"
sleep 0.5
stop_broker KILL
if start_broker; then
    out=$(session_read "$server_user" "$server_pw" "$srv_sid" 1 5 "$srv_events")
    check "restart (kill -9): event queued for $server_user's offline persistent session is delivered after restart" \
        has_line "$out" "$base/demo-sel/event $p_p"
    out=$(sub demo-sel demo -t "$base/demo-sel/config" -C 1 -W 3 -F '%r %t %p')
    check "restart (kill -9): retained config for demo-sel survives" \
        has_line "$out" "1 $base/demo-sel/config $p_pc"
else
    not_ok "restart (kill -9): broker restarts on the same DIR"
fi

# Leave no retained config behind (also checks that the server may clear it).
pub "$server_user" "$server_pw" "$base/demo-sel/config" -r -n
out=$(sub demo-sel demo -t "$base/demo-sel/config" -W 2 -v)
check "$server_user can clear a retained config" lacks "$out" "$p_pc"

echo "# $checks checks, $failures failed"
((failures == 0))
