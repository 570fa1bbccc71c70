#!/usr/bin/env bash
# CITEOSQUARE — installe (ou met à jour) le serveur sur la machine de l'accueil (Debian 12 ou
# Raspberry Pi OS 64 bits, avec systemd).
#
#   sudo ./install-server.sh --binary citeosquare
#
# Ce que fait le script, dans l'ordre (chaque étape déjà faite est annoncée « déjà en place » et
# n'est pas refaite : on peut le relancer sans risque, c'est aussi lui qui met à jour) :
#   vérifie le binaire (il doit répondre à « citeosquare --version »), puis
#   1. crée l'utilisateur système citeosquare (sans shell ni connexion) ;
#   2. mise à jour seulement (un autre binaire est installé et une base existe) : arrête le
#      serveur, fait une sauvegarde vérifiée avec l'ANCIEN binaire dans
#      /var/backups/citeosquare/avant-mise-a-jour-DATE.db (le script s'arrête si elle échoue, rien
#      n'est changé), garde l'ancien binaire à côté (avant-mise-a-jour-DATE.citeosquare), puis
#      copie le nouveau binaire et applique les migrations (citeosquare migrate) ;
#      première installation : copie le binaire en /usr/local/bin/citeosquare ;
#   3. écrit /etc/citeosquare/citeosquare.toml à partir de citeosquare.example.toml (data_dir =
#      /var/lib/citeosquare, broker MQTT ouvert aux bornes sur 0.0.0.0:1883) — JAMAIS par-dessus
#      un fichier existant : vos réglages restent ;
#   4. installe le service citeosquare, la sauvegarde quotidienne (citeosquare-backup.service et
#      .timer, script /usr/local/lib/citeosquare/citeosquare-backup) et crée
#      /var/backups/citeosquare (mode 0700) ;
#   5. recharge systemd, active et (re)démarre le service et le minuteur de sauvegarde.
# Aucun secret n'est écrit : un mot de passe (Mosquitto externe, messagerie) va dans
# /etc/citeosquare/citeosquare.env (root:root, mode 0600), à créer à la main s'il le faut.
#
# Options :
#   --dry-run   n'exécute rien, ne modifie rien : affiche chaque action prévue, préfixée
#               « [simulation] ».
#   --root DIR  installe sous DIR (DIR/usr/local/bin/…, DIR/etc/…) au lieu de / : pour les tests,
#               sans root. Les commandes système (useradd, systemctl, la sauvegarde avant mise à
#               jour) sont alors affichées « [non exécuté, --root] » et pas lancées.
#
# Codes de sortie : 0 fait (ou simulé), 2 arguments refusés, 1 autre échec.
set -euo pipefail

readonly PROG=${0##*/}
readonly USER_NAME=citeosquare
readonly UNIT=citeosquare.service
readonly BACKUP_UNIT=citeosquare-backup.service
readonly BACKUP_TIMER=citeosquare-backup.timer
readonly DEST_BINARY=/usr/local/bin/citeosquare
readonly DEST_BACKUP_SCRIPT=/usr/local/lib/citeosquare/citeosquare-backup
readonly DEST_CONFIG=/etc/citeosquare/citeosquare.toml
readonly DEST_UNITS=/etc/systemd/system
readonly STATE_DIR=/var/lib/citeosquare
readonly BACKUP_DIR=/var/backups/citeosquare

DEPLOY_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
readonly DEPLOY_DIR
EXAMPLE_CONFIG=$(cd -- "$DEPLOY_DIR/.." && pwd)/citeosquare.example.toml
readonly EXAMPLE_CONFIG

binary=""
root=""
dry_run=0

usage() {
    cat >&2 <<EOF
usage : $PROG --binary FICHIER [--dry-run] [--root DIR]

  Installe ou met à jour le serveur CITEOSQUARE sur cette machine (à lancer avec sudo).
  --binary    le programme citeosquare (cargo build --release -p citeosquare-server :
              target/release/citeosquare)
  --dry-run   affiche ce qui serait fait, sans rien modifier
  --root DIR  installe sous DIR, sans commandes système (tests)
EOF
    exit 2
}

die() {
    printf '%s : erreur : %s\n' "$PROG" "$*" >&2
    exit 2
}

fail() {
    printf '%s : échec : %s\n' "$PROG" "$*" >&2
    exit 1
}

say() { printf '%s\n' "$*"; }
warn() { say "[attention] $*"; }

# --- Arguments -----------------------------------------------------------------------------------

need_value() {
    (($2 >= 2)) || die "$1 attend une valeur"
}

while (($#)); do
    case $1 in
        -h | --help) usage ;;
        --binary) need_value "$1" $# && binary=$2 && shift 2 ;;
        --root) need_value "$1" $# && root=$2 && shift 2 ;;
        --dry-run) dry_run=1 && shift ;;
        *) printf '%s : option inconnue : %s\n' "$PROG" "$1" >&2 && usage ;;
    esac
done

[[ -n $binary ]] || die "--binary manquant (le programme citeosquare compilé : target/release/citeosquare)"

if [[ -n $root ]]; then
    [[ -d $root ]] || die "--root $root : ce répertoire n'existe pas"
    root=$(cd -- "$root" && pwd -P)
    [[ $root != / ]] || die "--root / : omettez --root pour installer sur ce système"
fi

if ((!dry_run)) && [[ -z $root ]] && ((EUID != 0)); then
    die "à lancer en root : sudo $PROG … (ou --dry-run pour voir ce qui serait fait)"
fi

for f in systemd/$UNIT systemd/$BACKUP_UNIT systemd/$BACKUP_TIMER citeosquare-backup.sh; do
    [[ -f $DEPLOY_DIR/$f ]] || die "$DEPLOY_DIR/$f introuvable : lancez le script depuis le dépôt complet (dossier deploy/)"
done
[[ -f $EXAMPLE_CONFIG ]] || die "$EXAMPLE_CONFIG introuvable : lancez le script depuis le dépôt complet"

# Path on the target system (under --root when given).
target() { printf '%s%s' "$root" "$1"; }

# --- Vérifications (avant de toucher à quoi que ce soit) -------------------------------------------

[[ -f $binary ]] || die "--binary $binary : fichier introuvable"
binary=$(cd -- "$(dirname -- "$binary")" && pwd -P)/$(basename -- "$binary")
version=$("$binary" --version 2>/dev/null </dev/null) ||
    die "--binary $binary ne répond pas à --version : ce n'est pas le programme citeosquare de cette machine (architecture ?)"
[[ $version == citeosquare\ * ]] ||
    die "--binary $binary dit « $version » : le programme citeosquare (serveur) est attendu"
say "[vérifié] binaire $binary : $version"

# --- Actions -------------------------------------------------------------------------------------

# A command on the running system: simulated with --dry-run, shown but not run with --root.
run_sys() {
    local desc=$1
    shift
    if ((dry_run)); then
        say "[simulation] $desc : $*"
    elif [[ -n $root ]]; then
        say "[non exécuté, --root] $desc : $*"
    elif "$@"; then
        say "[fait] $desc"
    else
        say "[échec] $desc : $*"
        return 1
    fi
}

# mode_owner_ok PATH MODE OWNER — owner (user:group) checked only without --root.
mode_owner_ok() {
    [[ $(stat -c %a -- "$1") == "${2#0}" ]] || return 1
    [[ -n $root || $(stat -c %U:%G -- "$1") == "$3" ]]
}

# ensure_dir DIR MODE OWNER
ensure_dir() {
    local path
    path=$(target "$1")
    if [[ -d $path ]] && mode_owner_ok "$path" "$2" "$3"; then
        return 0
    fi
    if ((dry_run)); then
        say "[simulation] créer le répertoire $1 (mode $2, $3)"
        return 0
    fi
    install -d -m "$2" -- "$path"
    chmod "$2" -- "$path"
    if [[ -z $root ]]; then
        chown -- "$3" "$path"
    fi
    say "[fait] répertoire $1 (mode $2, $3)"
}

# install_file DEST MODE OWNER DESCRIPTION COMMAND… — COMMAND prints the wanted content. Sets
# `changed` to 1 if the file was (or, with --dry-run, would be) written.
changed=0
install_file() {
    local dest=$1 mode=$2 owner=$3 desc=$4 path tmp verb
    shift 4
    path=$(target "$dest")
    changed=0
    if [[ -f $path && ! -L $path ]] && cmp -s <("$@" 2>/dev/null) "$path" && mode_owner_ok "$path" "$mode" "$owner"; then
        say "[déjà en place] $desc : $dest"
        return 0
    fi
    changed=1
    verb="installer"
    [[ -e $path ]] && verb="mettre à jour"
    if ((dry_run)); then
        say "[simulation] $verb $dest — $desc (mode $mode, $owner)"
        return 0
    fi
    ensure_dir "$(dirname -- "$dest")" 0755 root:root
    tmp=$(mktemp -- "$path.XXXXXX")
    # shellcheck disable=SC2064 # expand now: the temporary file of this call
    trap "rm -f -- '$tmp'" EXIT
    chmod 0600 -- "$tmp"
    "$@" >"$tmp"
    chmod "$mode" -- "$tmp"
    [[ -n $root ]] || chown -- "$owner" "$tmp"
    mv -f -- "$tmp" "$path"
    trap - EXIT
    say "[fait] $verb $dest — $desc"
}

# The example configuration, made for this machine: the unit's state directory, and the embedded
# broker open to the kiosks on the building's network (the pages stay on 127.0.0.1:8080, for the
# HTTPS proxy in front: see the README, « Installing the server »).
render_config() {
    printf '# Écrit par install-server.sh à partir de citeosquare.example.toml ; à vous de le régler :\n'
    printf '# les réinstallations et mises à jour ne le remplacent jamais.\n\n'
    sed -e "s|^data_dir = .*|data_dir = \"$STATE_DIR\"|" \
        -e 's|^listen = "127.0.0.1:1883"|listen = "0.0.0.0:1883"|' -- "$EXAMPLE_CONFIG"
}

any_change=0
if [[ -n $root ]]; then
    say "Installation sous $root (--root)."
fi
if ((dry_run)); then
    say "Simulation (--dry-run) : rien ne sera modifié."
fi

# 1. System user.
if [[ -z $root ]] && getent passwd "$USER_NAME" >/dev/null; then
    say "[déjà en place] utilisateur système $USER_NAME"
else
    run_sys "créer l'utilisateur système $USER_NAME" \
        useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home \
        --shell /usr/sbin/nologin "$USER_NAME"
fi

# 2. Binary; an upgrade first takes a verified backup with the old binary, the server stopped.
binary_path=$(target "$DEST_BINARY")
db_path=$(target "$STATE_DIR/citeosquare.db")
upgrade=0
if [[ -f $binary_path ]] && ! cmp -s "$binary" "$binary_path" && [[ -f $db_path ]]; then
    upgrade=1
    old_version=$("$binary_path" --version 2>/dev/null </dev/null || echo "version inconnue")
    say "Mise à jour : $old_version → $version"
    stamp=$(date +%Y%m%d-%H%M%S)
    before_upgrade=$BACKUP_DIR/avant-mise-a-jour-$stamp.db
    old_binary=$BACKUP_DIR/avant-mise-a-jour-$stamp.citeosquare
    ensure_dir "$BACKUP_DIR" 0700 "$USER_NAME:$USER_NAME"
    run_sys "arrêter le serveur (les bornes gardent leurs passages et les renverront)" \
        systemctl stop "$UNIT"
    as_service=(runuser -u "$USER_NAME" -- env "CITEOSQUARE_CONFIG=$DEST_CONFIG")
    if ! run_sys "sauvegarde avant mise à jour (ancien binaire)" \
        "${as_service[@]}" "$DEST_BINARY" backup --to "$before_upgrade"; then
        run_sys "redémarrer le serveur inchangé" systemctl start "$UNIT" || true
        fail "la sauvegarde avant mise à jour a échoué : rien n'a été changé, le serveur est relancé avec l'ancien binaire"
    fi
    if ! run_sys "vérifier la sauvegarde avant mise à jour" \
        "${as_service[@]}" "$DEST_BINARY" check --database "$before_upgrade"; then
        run_sys "redémarrer le serveur inchangé" systemctl start "$UNIT" || true
        fail "la sauvegarde $before_upgrade ne passe pas la vérification : rien n'a été changé, le serveur est relancé avec l'ancien binaire"
    fi
    run_sys "garder l'ancien programme à côté de la sauvegarde" \
        install -m 0755 -- "$DEST_BINARY" "$old_binary" ||
        fail "impossible de garder l'ancien programme en $old_binary : rien d'autre n'a été changé (le serveur est arrêté : sudo systemctl start $UNIT)"
fi
install_file "$DEST_BINARY" 0755 root:root "programme du serveur ($version)" cat -- "$binary"
((changed)) && any_change=1
if ((upgrade)); then
    run_sys "appliquer les migrations de la base (nouveau binaire)" \
        "${as_service[@]}" "$DEST_BINARY" migrate ||
        fail "les migrations ont échoué ; le serveur est arrêté. Pour revenir à la version d'avant :
  sudo install -m 0755 $old_binary $DEST_BINARY
  sudo -u $USER_NAME $DEST_BINARY --config $DEST_CONFIG restore --from $before_upgrade --force
  sudo systemctl start $UNIT"
fi

# 3. Configuration: written once, never replaced.
ensure_dir /etc/citeosquare 0755 root:root
config_path=$(target "$DEST_CONFIG")
if [[ -e $config_path ]]; then
    if cmp -s <(render_config) "$config_path"; then
        say "[déjà en place] configuration : $DEST_CONFIG"
    else
        say "[gardé] configuration : $DEST_CONFIG existe déjà, pas modifiée (le modèle : $EXAMPLE_CONFIG)"
    fi
    configured_dir=$(awk '/^[[:space:]]*\[/ { exit }
        /^[[:space:]]*data_dir[[:space:]]*=/ { sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit }' "$config_path")
    if [[ -n $configured_dir && $configured_dir != "$STATE_DIR" ]]; then
        warn "data_dir = \"$configured_dir\" dans $DEST_CONFIG : le service ne peut écrire que dans $STATE_DIR (ProtectSystem=strict) ; remettez data_dir = \"$STATE_DIR\""
    fi
else
    install_file "$DEST_CONFIG" 0640 "root:$USER_NAME" "configuration du serveur (à relire : site, time_zone, behind_proxy)" render_config
    any_change=1
fi

# 4. Services, backup script, backup folder.
unit_changed=0
for unit in "$UNIT" "$BACKUP_UNIT" "$BACKUP_TIMER"; do
    install_file "$DEST_UNITS/$unit" 0644 root:root "service systemd $unit" cat -- "$DEPLOY_DIR/systemd/$unit"
    ((changed)) && unit_changed=1 && any_change=1
done
install_file "$DEST_BACKUP_SCRIPT" 0755 root:root "script de sauvegarde vérifiée et de rotation" \
    cat -- "$DEPLOY_DIR/citeosquare-backup.sh"
ensure_dir "$BACKUP_DIR" 0700 "$USER_NAME:$USER_NAME"

# 5. Reload, enable, start.
if ((unit_changed)); then
    run_sys "recharger systemd (services nouveaux ou modifiés)" systemctl daemon-reload
fi
start_failed=0
if [[ -z $root ]] && systemctl is-enabled --quiet "$UNIT" 2>/dev/null; then
    say "[déjà en place] service $UNIT activé au démarrage"
else
    run_sys "activer le service au démarrage" systemctl enable "$UNIT"
fi
if [[ -z $root ]] && systemctl is-enabled --quiet "$BACKUP_TIMER" 2>/dev/null; then
    say "[déjà en place] sauvegarde quotidienne $BACKUP_TIMER activée"
else
    run_sys "activer la sauvegarde quotidienne" systemctl enable --now "$BACKUP_TIMER"
fi
if ((any_change || upgrade)); then
    run_sys "(re)démarrer le serveur (fichiers modifiés)" systemctl restart "$UNIT" || start_failed=1
elif [[ -z $root ]] && systemctl is-active --quiet "$UNIT" 2>/dev/null; then
    say "[déjà en place] service $UNIT en marche"
else
    run_sys "démarrer le serveur" systemctl start "$UNIT" || start_failed=1
fi

# --- Bilan ---------------------------------------------------------------------------------------

if ((dry_run)); then
    say "Simulation terminée : rien n'a été modifié."
    exit 0
fi
say "Terminé."
say "Vérifier : systemctl status citeosquare ; journal : journalctl -u citeosquare -f"
say "Premier administrateur : sudo -u $USER_NAME citeosquare --config $DEST_CONFIG user add NOM --role admin"
if ((start_failed)); then
    fail "le service ne démarre pas : voyez journalctl -u citeosquare -n 50"
fi
