#!/usr/bin/env bash
# CITEOSQUARE — une sauvegarde vérifiée, puis la rotation (garder les N plus récentes).
# Lancé chaque nuit par citeosquare-backup.service (installé en
# /usr/local/lib/citeosquare/citeosquare-backup) ; on peut aussi le lancer à la main :
#   sudo systemctl start citeosquare-backup
#
#   1. citeosquare backup --to DOSSIER/citeosquare-AAAAMMJJ-HHMMSS.db : copie cohérente pendant que
#      le serveur tourne, photos copiées dans DOSSIER/photos/ (seulement les nouvelles) ;
#   2. citeosquare check --database CETTE-COPIE : elle s'ouvre et passe tous les contrôles de
#      « citeosquare check » (sur une copie de travail : la sauvegarde n'est pas modifiée) ;
#   3. seulement alors, efface les sauvegardes au-delà des N plus récentes.
# Une copie qui ne passe pas la vérification est renommée ….db.echec (gardée pour comprendre,
# jamais comptée ni effacée par la rotation) et le script échoue : code 1, message d'erreur au
# journal, service en échec (systemctl --failed). Aucune ancienne sauvegarde n'est alors effacée.
#
# Réglages (variables d'environnement, voir citeosquare-backup.service) :
#   CITEOSQUARE_BACKUP_DIR   dossier des sauvegardes (défaut /var/backups/citeosquare)
#   CITEOSQUARE_BACKUP_KEEP  combien en garder (défaut 14, au moins 1)
#   CITEOSQUARE_BIN          le programme citeosquare (défaut /usr/local/bin/citeosquare)
#   CITEOSQUARE_CONFIG       la configuration du serveur (son data_dir dit quelle base copier)
set -euo pipefail

readonly PROG=citeosquare-backup
dir=${CITEOSQUARE_BACKUP_DIR:-/var/backups/citeosquare}
keep=${CITEOSQUARE_BACKUP_KEEP:-14}
bin=${CITEOSQUARE_BIN:-/usr/local/bin/citeosquare}

# "<3>" : niveau « erreur » dans le journal de systemd (affiché en rouge).
fail() {
    printf '<3>%s : ÉCHEC : %s\n' "$PROG" "$*" >&2
    exit 1
}

if ! [[ $keep =~ ^[0-9]+$ ]] || ((keep < 1)); then
    fail "CITEOSQUARE_BACKUP_KEEP=« $keep » : un nombre entier, au moins 1, est attendu"
fi
[[ -x $bin ]] || fail "$bin introuvable ou non exécutable"
mkdir -p -- "$dir" || fail "impossible de créer $dir"

# One copy per second at most (the names sort by date): a second run within the same second, by
# hand right after the timer's, waits for the next one.
while
    copy=$dir/citeosquare-$(date +%Y%m%d-%H%M%S).db
    [[ -e $copy || -e $copy.echec ]]
do
    sleep 1
done
if ! "$bin" backup --to "$copy"; then
    [[ ! -e $copy ]] || mv -f -- "$copy" "$copy.echec"
    fail "la sauvegarde $copy n'a pas pu être faite (voir le message ci-dessus)"
fi
if ! report=$("$bin" check --database "$copy" 2>&1); then
    printf '%s\n' "$report" >&2
    mv -f -- "$copy" "$copy.echec"
    fail "la sauvegarde $copy ne passe pas la vérification (rapport ci-dessus) : gardée en $copy.echec ; aucune ancienne sauvegarde n'a été effacée"
fi
echo "sauvegarde vérifiée : $copy (${report##*$'\n'})"

# Rotation: the names sort by date; only verified copies (citeosquare-*.db) count.
shopt -s nullglob
copies=("$dir"/citeosquare-*.db)
shopt -u nullglob
removed=0
if ((${#copies[@]} > keep)); then
    for old in "${copies[@]:0:${#copies[@]}-keep}"; do
        rm -f -- "$old"
        removed=$((removed + 1))
    done
fi
echo "sauvegardes gardées : $((${#copies[@]} - removed)) (au plus $keep) ; effacées : $removed"
