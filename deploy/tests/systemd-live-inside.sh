#!/usr/bin/env bash
# Runs as root inside the container booted by deploy/tests/systemd-live.sh (see there); writes
# its trace to /live/out.txt and « PASSED » or « FAILED: why » to /live/result.
exec >/live/out.txt 2>&1
echo started >/live/started
set -uo pipefail
set -x

fail() {
    set +x
    echo "FAILED: $*" | tee /live/result
    journalctl -u citeosquare -u citeosquare-backup --no-pager | tail -n 40
    exit 1
}
main_pid() { systemctl show -p MainPID --value citeosquare; }
# /healthz answering 200 within 20 s.
answers() {
    for _ in $(seq 1 40); do
        [[ $(curl -s -m 2 -o /dev/null -w '%{http_code}' http://127.0.0.1:8080/healthz) == 200 ]] &&
            return 0
        sleep 0.5
    done
    return 1
}
as_service() { runuser -u citeosquare -- citeosquare --config /etc/citeosquare/citeosquare.toml "$@"; }

systemctl --version | head -n 1
timeout 90 systemctl is-system-running --wait || true

# 1. The first installation, as the README says.
cp /live/citeosquare-v1 /tmp/citeosquare
bash /live/repo/deploy/install-server.sh --binary /tmp/citeosquare || fail "the first installation"
answers || fail "no answer on /healthz after the installation"
systemctl is-active citeosquare || fail "the service is not active"
[[ $(systemctl is-enabled citeosquare) == enabled ]] || fail "the service is not enabled at boot"

# 2. Under its hardening: a seccomp filter, no new privileges, no capability, its own user.
status=/proc/$(main_pid)/status
grep -qx $'Seccomp:\t2' "$status" || fail "no seccomp filter on the server"
grep -qx $'NoNewPrivs:\t1' "$status" || fail "NoNewPrivs is not set"
grep -qx $'CapEff:\t0000000000000000' "$status" || fail "the server holds capabilities"
[[ $(stat -c %U "/proc/$(main_pid)") == citeosquare ]] || fail "the server does not run as citeosquare"
[[ $(stat -c '%U %a' /var/lib/citeosquare) == "citeosquare 700" ]] || fail "the state directory"

# 3. The first admin, and a login through the page (argon2, the session, the database).
CITEOSQUARE_USER_PASSWORD=essai-systemd-2026 as_service user add admin --role admin ||
    fail "user add"
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H 'Origin: http://127.0.0.1:8080' \
    --data 'identifiant=admin&mot_de_passe=essai-systemd-2026' http://127.0.0.1:8080/connexion)
[[ $code == 303 ]] || fail "the login answered $code, not 303"

# 4. The daily backup, started by hand as its timer would: a checked copy, for its user only.
systemctl list-timers --all --no-pager | grep -q citeosquare-backup.timer || fail "no backup timer"
systemctl start citeosquare-backup || fail "the backup unit failed"
[[ $(systemctl show -p Result --value citeosquare-backup) == success ]] || fail "backup result"
backups=(/var/backups/citeosquare/citeosquare-*.db)
backup=${backups[0]}
[[ -f $backup && $(stat -c '%U %a' "$backup") == "citeosquare 600" ]] || fail "the backup file"
journalctl -u citeosquare-backup --no-pager | grep -q "sauvegarde vérifiée" || fail "backup not checked"

# 5. Killed: systemd starts it again (Restart=always, RestartSec=2).
before=$(main_pid)
systemctl kill -s KILL citeosquare
sleep 3
answers || fail "no answer after kill -9"
[[ $(main_pid) != "$before" && $(main_pid) != 0 ]] || fail "not restarted after kill -9"

# 6. An upgrade: the old binary's backup, checked and kept, then the new binary, migrated, started.
cp /live/citeosquare-v2 /tmp/citeosquare
bash /live/repo/deploy/install-server.sh --binary /tmp/citeosquare || fail "the upgrade"
upgrades=(/var/backups/citeosquare/avant-mise-a-jour-*.db)
upgrade=${upgrades[0]}
[[ -f $upgrade && $(stat -c %a "$upgrade") == 600 ]] || fail "the backup before the upgrade"
as_service check --database "$upgrade" | tail -n 1 | grep -q "tous les invariants sont respectés" ||
    fail "the backup before the upgrade does not pass its check"
cmp -s /usr/local/bin/citeosquare /live/citeosquare-v2 || fail "the new binary is not installed"
answers || fail "no answer after the upgrade"

# 7. Nothing the hardening refused, in the whole run's journal.
if journalctl --no-pager -u citeosquare -u citeosquare-backup |
    grep -E "status=31/SYS|SIGSYS|Permission denied|Read-only file system|Operation not permitted"; then
    fail "the hardening refused something (above)"
fi

# 8. A clean stop on SIGTERM, and the database sound after everything.
systemctl stop citeosquare || fail "stop"
[[ $(systemctl show -p Result --value citeosquare) == success ]] || fail "the stop was not clean"
as_service check | tail -n 1 | grep -q "tous les invariants sont respectés" || fail "check after the run"

set +x
echo PASSED | tee /live/result
