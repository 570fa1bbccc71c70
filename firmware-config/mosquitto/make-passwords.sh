#!/usr/bin/env bash
# Create or update the Mosquitto password file for citeosquare.
#
#   make-passwords.sh [--server PASSWORD] [--owner USER[:GROUP]] PASSWD_FILE [kiosk-id[:password] ...]
#
# - Each kiosk gets an account whose user name is its kiosk id.
#   "kiosk-id:password" sets that password (also used to change one).
#   "kiosk-id" alone: if the kiosk is not in the file yet, a random password is
#   generated and printed on stdout as "kiosk-id password" (put it in that
#   kiosk's config); if it is already there, its password is left unchanged.
# - --server PASSWORD sets the password of the server account
#   "citeosquare-server".
# - --owner USER[:GROUP] chowns the file (e.g. --owner mosquitto:mosquitto for
#   the production broker, which reads the file after dropping root).
#
# Running it again with the same arguments gives the same accounts and
# passwords (idempotent). The file is always left with mode 0600.
# Only generated passwords go to stdout; messages go to stderr.
# Note: passwords given as arguments are visible to other local users in the
# process list while this script runs (mosquitto_passwd -b).
set -euo pipefail

readonly SERVER_USER="citeosquare-server"
readonly KIOSK_ID_RE='^[a-z0-9][a-z0-9-]{0,62}$'

prog=$(basename "$0")

usage() {
    cat >&2 <<EOF
usage: $prog [--server PASSWORD] [--owner USER[:GROUP]] PASSWD_FILE [kiosk-id[:password] ...]

  Creates/updates PASSWD_FILE (mode 0600) with one account per kiosk
  (user name = kiosk id, matching [a-z0-9][a-z0-9-]{0,62}) and, with
  --server, the server account "$SERVER_USER".
  Kiosks given without a password get a random one if they are new; those
  generated passwords are printed on stdout as "kiosk-id password".
  Existing kiosks given without a password keep their password.

examples:
  $prog --server 's3cret' /etc/mosquitto/citeosquare/passwd cafe-1 accueil
  $prog /tmp/passwd demo-sel:demo demo-salle:demo
EOF
    exit 2
}

die() {
    echo "$prog: $*" >&2
    exit 2
}

gen_password() {
    # 18 random bytes -> 24 characters, URL-safe alphabet (no '+' or '/', so the
    # password can go into a mqtt:// URL or a config file without escaping).
    if command -v openssl >/dev/null 2>&1; then
        openssl rand -base64 18 | tr '+/' '-_'
    else
        head -c 18 /dev/urandom | base64 | tr '+/' '-_'
    fi
}

# True if USER already has an entry in FILE.
has_user() {
    local file=$1 user=$2
    # user is a validated kiosk id: no regex metacharacters.
    grep -q -- "^${user}:" "$file"
}

server_password=""
server_set=0
owner=""
positional=()

while (($#)); do
    case $1 in
        -h | --help) usage ;;
        --server)
            (($# >= 2)) || die "--server needs a PASSWORD"
            server_password=$2
            server_set=1
            shift 2
            ;;
        --server=*)
            server_password=${1#--server=}
            server_set=1
            shift
            ;;
        --owner)
            (($# >= 2)) || die "--owner needs USER[:GROUP]"
            owner=$2
            shift 2
            ;;
        --owner=*)
            owner=${1#--owner=}
            shift
            ;;
        --)
            shift
            positional+=("$@")
            break
            ;;
        -*) echo "$prog: unknown option: $1" >&2; usage ;;
        *)
            positional+=("$1")
            shift
            ;;
    esac
done

((${#positional[@]} >= 1)) || usage
passwd_file=${positional[0]}
kiosk_args=("${positional[@]:1}")

if ((server_set)) && [[ -z $server_password ]]; then
    die "--server: empty password"
fi
if ((${#kiosk_args[@]} == 0)) && ((!server_set)); then
    echo "$prog: nothing to do: give kiosk ids and/or --server PASSWORD" >&2
    usage
fi

command -v mosquitto_passwd >/dev/null 2>&1 ||
    die "mosquitto_passwd not found (apt install mosquitto)"

# Validate everything before touching the file.
kiosk_ids=()
kiosk_pws=()
for arg in ${kiosk_args[@]+"${kiosk_args[@]}"}; do
    if [[ $arg == *:* ]]; then
        id=${arg%%:*}
        pw=${arg#*:}
        [[ -n $pw ]] || die "empty password for kiosk '$id' (omit ':' to generate one)"
    else
        id=$arg
        pw=""
    fi
    [[ $id =~ $KIOSK_ID_RE ]] || die "invalid kiosk id '$id' (expected [a-z0-9][a-z0-9-]{0,62})"
    [[ $id != "$SERVER_USER" ]] || die "'$SERVER_USER' is the server account, not a kiosk id (use --server)"
    for seen in ${kiosk_ids[@]+"${kiosk_ids[@]}"}; do
        [[ $seen != "$id" ]] || die "kiosk '$id' given twice"
    done
    kiosk_ids+=("$id")
    kiosk_pws+=("$pw")
done

# Create the file (owner-only from the start, never world-readable).
dir=$(dirname -- "$passwd_file")
[[ -d $dir ]] || die "directory does not exist: $dir"
if [[ ! -e $passwd_file ]]; then
    (umask 077 && : >"$passwd_file")
fi
chmod 0600 -- "$passwd_file"

if ((server_set)); then
    mosquitto_passwd -b "$passwd_file" "$SERVER_USER" "$server_password"
fi

for i in "${!kiosk_ids[@]}"; do
    id=${kiosk_ids[$i]}
    pw=${kiosk_pws[$i]}
    if [[ -z $pw ]]; then
        if has_user "$passwd_file" "$id"; then
            echo "$prog: kiosk '$id' already present, password unchanged" >&2
            continue
        fi
        pw=$(gen_password)
        mosquitto_passwd -b "$passwd_file" "$id" "$pw"
        printf '%s %s\n' "$id" "$pw"
    else
        mosquitto_passwd -b "$passwd_file" "$id" "$pw"
    fi
done

# mosquitto_passwd rewrites the file in place (same inode, mode kept), but be
# explicit about the final state.
chmod 0600 -- "$passwd_file"
if [[ -n $owner ]]; then
    chown -- "$owner" "$passwd_file"
fi
