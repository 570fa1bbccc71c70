#!/usr/bin/env bash
# The server's systemd units under a real systemd, as on the desk's machine: this machine's own
# system is booted in a systemd-nspawn container, read-only under a tmpfs overlay (nothing written
# inside reaches the host) and with loopback only, and deploy/tests/systemd-live-inside.sh runs
# there as root. It installs the server with deploy/install-server.sh, then checks the service under
# its hardening (seccomp filter, no capabilities, its own user), a login, the daily backup unit, a
# restart after kill -9, an upgrade (the backup with the old binary, then the new one) and a
# clean stop.
#
#   sudo bash deploy/tests/systemd-live.sh target/debug/citeosquare
#
# Exit codes: 0 every check passed; 1 a check failed (the container's report is printed);
# 3 this machine cannot boot a systemd container at all (not root, no systemd-nspawn, no overlay):
# said in one loud line, for the caller to decide.
set -euo pipefail

cannot() {
    printf '\n!!!! SYSTEMD LIVE TEST NOT RUN: %s !!!!\n\n' "$*"
    exit 3
}

[[ $# -eq 1 && -x $1 ]] || { echo "usage: $0 CITEOSQUARE_BINARY" >&2; exit 2; }
binary=$(realpath -- "$1")
repo=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)
[[ $EUID -eq 0 ]] || cannot "needs root"
command -v systemd-nspawn >/dev/null || cannot "systemd-nspawn is missing (Debian package systemd-container)"

work=$(mktemp -d)
cleanup() {
    umount -l "$work/root" 2>/dev/null || true
    umount -l "$work" 2>/dev/null || true
    rmdir "$work" 2>/dev/null || true
}
trap cleanup EXIT
mount -t tmpfs -o size=2G tmpfs "$work" || cannot "cannot mount a tmpfs"
mkdir -p "$work"/{upper,work,root,share/repo}
mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/work" "$work/root" ||
    cannot "cannot mount an overlay of /"

# The host's own services that would take the server's ports (Mosquitto on 1883, Caddy) are
# masked in the container: the server's embedded broker listens there.
# What the container needs, in the one folder it shares with the host: the installer and its
# files, the script, a first binary and a "new version" (the same program with one byte appended:
# another file for the installer, so it takes the upgrade path).
cp -r -- "$repo/deploy" "$repo/citeosquare.example.toml" "$work/share/repo/"
cp -- "$repo/deploy/tests/systemd-live-inside.sh" "$work/share/inside.sh"
cp -- "$binary" "$work/share/citeosquare-v1"
cp -- "$binary" "$work/share/citeosquare-v2"
printf '\n' >>"$work/share/citeosquare-v2"

rc=0
timeout -k 30 420 systemd-nspawn -D "$work/root" --keep-unit --register=no --link-journal=no \
    --uuid="$(tr -d - </proc/sys/kernel/random/uuid)" --private-network \
    --bind="$work/share:/live" --console=pipe --boot -- \
    systemd.run=/live/inside.sh systemd.run_success_action=poweroff \
    systemd.run_failure_action=poweroff \
    systemd.mask=mosquitto.service systemd.mask=caddy.service >"$work/share/console.txt" 2>&1 || rc=$?

if [[ ! -e $work/share/started ]]; then
    tail -n 30 "$work/share/console.txt" || true
    cannot "the container did not boot to the test (systemd-nspawn exit $rc)"
fi
cat "$work/share/out.txt"
result=$(cat "$work/share/result" 2>/dev/null || echo "FAILED: the script did not finish (systemd-nspawn exit $rc)")
echo "$result"
[[ $result == PASSED ]]
