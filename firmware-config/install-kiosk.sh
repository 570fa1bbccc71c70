#!/usr/bin/env bash
# CITEOSQUARE — installe une borne à badge sur un Raspberry Pi (Raspberry Pi OS 64 bits, Bookworm).
#
#   sudo ./install-kiosk.sh --binary citeosquare-kiosk --config kiosk/mfrc522-ssd1306.toml \
#        --server 192.168.1.10 [--password-file FICHIER] [--reader-usb-id VVVV:PPPP]
#
# Ce que fait le script, dans l'ordre (chaque étape déjà faite est annoncée « déjà en place » et
# n'est pas refaite : on peut le relancer sans risque, par exemple après avoir changé la config) :
#   vérifie le binaire (exécutable Linux aarch64) et la configuration (citeosquare-kiosk
#   --check-config), puis
#   1. copie le binaire en /usr/local/bin/citeosquare-kiosk ;
#   2. crée l'utilisateur système citeosquare-kiosk, membre des groupes gpio spi i2c input ;
#   3. écrit /etc/citeosquare/kiosk.toml (copie de --config) et /etc/citeosquare/kiosk.env
#      (CITEOSQUARE_KIOSK_PASSWORD, mode 0600 ; le mot de passe vient de --password-file, sinon du
#      fichier déjà installé, sinon il est demandé) ;
#   4. installe le service systemd, la règle udev du lecteur USB et la configuration de chrony
#      (l'heure vient du serveur --server) ;
#   5. ajoute à config.txt (démarrage du Pi) les lignes SPI/I2C qui manquent ;
#   6. recharge systemd et udev, active et (re)démarre le service.
#
# Options :
#   --dry-run         n'exécute rien, ne modifie rien : affiche chaque action prévue, préfixée
#                     « [simulation] ».
#   --root DIR        installe sous DIR (DIR/usr/local/bin/…, DIR/etc/…) au lieu de / : pour les
#                     tests, sans root. Les commandes système (useradd, systemctl, udevadm,
#                     apt-get) sont alors affichées « [non exécuté, --root] » et pas lancées.
#   --allow-any-arch  accepte un binaire qui n'est pas aarch64 (tests sur PC).
#   --reader-usb-id VVVV:PPPP  identifiant USB (lsusb) du lecteur « clavier », écrit dans la règle
#                     udev pour qu'il apparaisse en /dev/input/citeosquare-reader.
#
# Codes de sortie : 0 fait (ou simulé), 2 arguments ou configuration refusés, 1 autre échec.
set -euo pipefail

readonly PROG=${0##*/}
readonly KIOSK_USER=citeosquare-kiosk
readonly KIOSK_GROUPS=(gpio spi i2c input)
readonly UNIT=citeosquare-kiosk.service
readonly DEST_BINARY=/usr/local/bin/citeosquare-kiosk
readonly DEST_CONFIG=/etc/citeosquare/kiosk.toml
readonly DEST_ENV=/etc/citeosquare/kiosk.env
readonly DEST_UNIT=/etc/systemd/system/$UNIT
readonly DEST_UDEV=/etc/udev/rules.d/99-citeosquare-reader.rules
readonly DEST_CHRONY=/etc/chrony/chrony.conf
readonly CHRONY_BACKUP=/etc/chrony/chrony.conf.avant-citeosquare
readonly STATE_DIR=/var/lib/citeosquare-kiosk

SRC_DIR=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)/kiosk
readonly SRC_DIR

binary=""
config=""
server=""
password_file=""
reader_usb_id=""
root=""
dry_run=0
allow_any_arch=0

usage() {
    cat >&2 <<EOF
usage : $PROG --binary FICHIER --config FICHIER.toml --server HÔTE
            [--password-file FICHIER] [--reader-usb-id VVVV:PPPP]
            [--dry-run] [--root DIR] [--allow-any-arch]

  Installe la borne CITEOSQUARE sur ce Raspberry Pi (à lancer avec sudo).
  --binary          citeosquare-kiosk compilé pour aarch64
                    (cargo build --release -p citeosquare-kiosk --target aarch64-unknown-linux-gnu)
  --config          configuration de la borne (exemples : firmware-config/kiosk/*.toml)
  --server          adresse du serveur CITEOSQUARE (source de l'heure pour chrony)
  --password-file   fichier dont la première ligne est le mot de passe MQTT de la borne
                    (sans lui : mot de passe déjà installé, sinon demandé au clavier)
  --reader-usb-id   identifiant USB du lecteur « clavier » (lsusb), ex. 08ff:0009
  --dry-run         affiche ce qui serait fait, sans rien modifier
  --root DIR        installe sous DIR, sans commandes système (tests)
  --allow-any-arch  accepte un binaire non aarch64 (tests)
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
        --config) need_value "$1" $# && config=$2 && shift 2 ;;
        --server) need_value "$1" $# && server=$2 && shift 2 ;;
        --password-file) need_value "$1" $# && password_file=$2 && shift 2 ;;
        --reader-usb-id) need_value "$1" $# && reader_usb_id=$2 && shift 2 ;;
        --root) need_value "$1" $# && root=$2 && shift 2 ;;
        --dry-run) dry_run=1 && shift ;;
        --allow-any-arch) allow_any_arch=1 && shift ;;
        *) printf '%s : option inconnue : %s\n' "$PROG" "$1" >&2 && usage ;;
    esac
done

[[ -n $binary ]] || die "--binary manquant (le programme citeosquare-kiosk compilé pour aarch64)"
[[ -n $config ]] || die "--config manquant (par exemple kiosk/mfrc522-ssd1306.toml)"
[[ -n $server ]] || die "--server manquant (l'adresse du serveur CITEOSQUARE)"

if [[ -n $root ]]; then
    [[ -d $root ]] || die "--root $root : ce répertoire n'existe pas"
    root=$(cd -- "$root" && pwd -P)
    [[ $root != / ]] || die "--root / : omettez --root pour installer sur ce système"
fi

if ((!dry_run)) && [[ -z $root ]] && ((EUID != 0)); then
    die "à lancer en root : sudo $PROG … (ou --dry-run pour voir ce qui serait fait)"
fi

for f in "$UNIT" 99-citeosquare-reader.rules chrony.conf config.txt; do
    [[ -f $SRC_DIR/$f ]] || die "$SRC_DIR/$f introuvable : lancez le script depuis le dossier firmware-config complet"
done

# Path on the target system (under --root when given).
target() { printf '%s%s' "$root" "$1"; }

# --- Vérifications (avant de toucher à quoi que ce soit) -------------------------------------------

# Server: a host name, IPv4 or IPv6 address (also keeps sed/chrony safe).
if ! [[ $server =~ ^[A-Za-z0-9][A-Za-z0-9.:-]*$ ]] || ((${#server} > 253)); then
    die "--server « $server » : nom d'hôte ou adresse IP attendu (ex. 192.168.1.10 ou citeosquare.local)"
fi
if [[ -n $reader_usb_id ]]; then
    [[ $reader_usb_id =~ ^[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}$ ]] ||
        die "--reader-usb-id « $reader_usb_id » : VVVV:PPPP attendu, comme dans lsusb (ex. 08ff:0009)"
    reader_usb_id=${reader_usb_id,,}
fi

# Binary: an aarch64 ELF executable.
[[ -f $binary ]] || die "--binary $binary : fichier introuvable"
binary=$(cd -- "$(dirname -- "$binary")" && pwd -P)/$(basename -- "$binary")
if command -v file >/dev/null 2>&1; then
    say "[vérifié] binaire $binary : file dit « $(file -b -- "$binary") »"
else
    say "[vérifié] binaire $binary (commande « file » absente : en-tête ELF lu directement)"
fi
elf_magic=$(od -An -tx1 -N4 -- "$binary" | tr -d ' \n')
elf_class=$(od -An -tx1 -j4 -N1 -- "$binary" | tr -d ' \n')
elf_machine=$(od -An -tx1 -j18 -N2 -- "$binary" | tr -d ' \n')
binary_is_arm64=0
if [[ $elf_magic == 7f454c46 && $elf_class == 02 && $elf_machine == b700 ]]; then
    binary_is_arm64=1
    say "[vérifié] binaire Linux aarch64 (ARM 64 bits)"
elif ((allow_any_arch)); then
    warn "le binaire n'est pas un exécutable aarch64 : accepté à cause de --allow-any-arch"
else
    die "le binaire n'est pas un exécutable Linux aarch64 (ARM 64 bits, celui du Raspberry Pi).
Compilez-le avec : cargo build --release -p citeosquare-kiosk --target aarch64-unknown-linux-gnu
(ou --allow-any-arch pour passer outre, pour les tests seulement)"
fi
if [[ -z $root ]] && ((!allow_any_arch)) && command -v dpkg >/dev/null 2>&1; then
    system_arch=$(dpkg --print-architecture)
    [[ $system_arch == arm64 ]] ||
        die "ce système est « $system_arch » : il faut Raspberry Pi OS 64 bits (arm64)"
fi

# Configuration: readable, then validated by the kiosk binary itself.
[[ -f $config && -r $config ]] || die "--config $config : fichier introuvable ou illisible"
config=$(cd -- "$(dirname -- "$config")" && pwd -P)/$(basename -- "$config")

# Value of a top-level `key = "string"` of the TOML file (before any [table]); empty if absent.
toml_string() {
    awk -v key="$1" '
        /^[[:space:]]*\[/ { exit }
        $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
            sub(/^[^=]*=[[:space:]]*"/, ""); sub(/".*$/, ""); print; exit
        }' "$config"
}

# An aarch64 binary checked from a PC (preparing an SD card, CI) runs under qemu-user when it is
# there; otherwise the check is skipped with a warning (the service checks again at start).
runner=()
if ((binary_is_arm64)) && [[ $(uname -m) != aarch64 ]]; then
    if command -v qemu-aarch64 >/dev/null 2>&1 && [[ -d /usr/aarch64-linux-gnu ]]; then
        runner=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
    else
        runner=(false)
    fi
fi
check_output=""
check_rc=0
if [[ ${runner[0]-} == false ]]; then
    check_rc=126
else
    check_output=$(env -u CITEOSQUARE_KIOSK_CONFIG -u CITEOSQUARE_KIOSK_ID -u CITEOSQUARE_KIOSK_SITE \
        -u CITEOSQUARE_KIOSK_BROKER -u CITEOSQUARE_KIOSK_DATA_DIR \
        CITEOSQUARE_KIOSK_PASSWORD=verification-seulement \
        "${runner[@]}" "$binary" --config "$config" --check-config 2>&1 </dev/null) || check_rc=$?
fi
if ((check_rc == 0)); then
    say "[vérifié] configuration $config valide (citeosquare-kiosk --check-config) :"
    while IFS= read -r line; do
        [[ -z $line || $line == "configuration valide"* ]] || say "           ${line#"${line%%[![:space:]]*}"}"
    done <<<"$check_output"
elif [[ $check_output == *"unexpected argument '--check-config'"* ]]; then
    # A binary from before --check-config (clap refuses the flag, also with exit code 2).
    warn "ce binaire ne connaît pas --check-config : configuration NON vérifiée (elle le sera au démarrage du service)"
elif ((check_rc == 126 || check_rc == 127)) || [[ $check_output == *"Exec format error"* ]]; then
    warn "impossible d'exécuter le binaire sur cette machine (code $check_rc) : configuration NON vérifiée"
else
    printf '%s\n' "$check_output" >&2
    die "configuration $config refusée (voir le message ci-dessus : il nomme la clé fautive)"
fi

config_broker=$(toml_string broker)
if [[ -n $config_broker && ${config_broker%:*} != "$server" ]]; then
    warn "la configuration dit broker = \"$config_broker\" mais --server est « $server » : vérifiez que c'est voulu"
fi
config_data_dir=$(toml_string data_dir)
# Without data_dir the kiosk uses the unit's StateDirectory; anything else cannot be written
# under the service's ProtectSystem=strict, and the kiosk would fail at every start.
if [[ -n $config_data_dir && $config_data_dir != "$STATE_DIR" ]]; then
    die "data_dir = \"$config_data_dir\" : le service ne peut écrire que dans $STATE_DIR (mettez data_dir = \"$STATE_DIR\" ou retirez la clé)"
fi
if grep -Eq '^[[:space:]]*password[[:space:]]*=' "$config"; then
    warn "la configuration contient un mot de passe : préférez $DEST_ENV (il y sera aussi, et c'est lui qui compte)"
fi

# Password: --password-file, else the one already installed, else asked.
password=""
password_source=""
check_password() {
    [[ -n $1 ]] || die "mot de passe MQTT vide"
    ((${#1} <= 256)) || die "mot de passe MQTT trop long (256 caractères au plus)"
    if [[ $1 == *"'"* || $1 =~ [[:cntrl:]] ]]; then
        die "le mot de passe MQTT ne doit contenir ni apostrophe ni caractère de contrôle"
    fi
}
if [[ -n $password_file ]]; then
    [[ -f $password_file && -r $password_file ]] || die "--password-file $password_file : fichier introuvable ou illisible"
    IFS= read -r password <"$password_file" || [[ -n $password ]] || die "--password-file $password_file est vide"
    password=${password%$'\r'}
    check_password "$password"
    password_source=given
elif [[ -f $(target "$DEST_ENV") ]] && grep -q "^CITEOSQUARE_KIOSK_PASSWORD=..*" "$(target "$DEST_ENV")" 2>/dev/null; then
    password_source=existing
elif ((dry_run)); then
    password_source=ask
else
    [[ -t 0 ]] || die "pas de terminal pour demander le mot de passe : donnez --password-file FICHIER"
    read -r -s -p "Mot de passe MQTT de la borne (il ne s'affiche pas) : " password
    printf '\n' >&2
    read -r -s -p "Encore une fois : " password_again
    printf '\n' >&2
    [[ $password == "$password_again" ]] || die "les deux mots de passe diffèrent"
    check_password "$password"
    password_source=given
fi

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

# ensure_dir DIR MODE
ensure_dir() {
    local path
    path=$(target "$1")
    if [[ -d $path ]]; then
        return 0
    fi
    if ((dry_run)); then
        say "[simulation] créer le répertoire $1 (mode $2)"
    else
        install -d -m "$2" -- "$path"
        say "[fait] créer le répertoire $1 (mode $2)"
    fi
}

# mode_owner_ok PATH MODE OWNER — owner (user:group) checked only without --root.
mode_owner_ok() {
    [[ $(stat -c %a -- "$1") == "${2#0}" ]] || return 1
    [[ -n $root || $(stat -c %U:%G -- "$1") == "$3" ]]
}

# install_file DEST MODE OWNER DESCRIPTION COMMAND… — COMMAND prints the wanted content. Sets
# `changed` to 1 if the file was (or, with --dry-run, would be) written.
changed=0
install_file() {
    local dest=$1 mode=$2 owner=$3 desc=$4 path tmp verb
    shift 4
    path=$(target "$dest")
    changed=0
    if [[ -f $path && ! -L $path ]] && cmp -s <("$@") "$path" && mode_owner_ok "$path" "$mode" "$owner"; then
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
    ensure_dir "$(dirname -- "$dest")" 0755
    tmp=$(mktemp -- "$path.XXXXXX")
    # shellcheck disable=SC2064 # expand now: the temporary file of this call
    trap "rm -f -- '$tmp'" EXIT
    chmod 0600 -- "$tmp"
    "$@" >"$tmp"
    chmod "$mode" -- "$tmp"
    [[ -n $root ]] || chown -- "$owner" "$tmp"
    mv -f -- "$tmp" "$path"
    trap - EXIT
    say "[fait] $verb $dest — $desc (mode $mode, $owner)"
}

# any_kiosk_change=1 if the last install_file changed something the running kiosk uses.
mark_kiosk_change() {
    if ((changed)); then
        any_kiosk_change=1
    fi
}

render_env() {
    printf '# CITEOSQUARE — mot de passe MQTT de la borne, lu par systemd (root:root, mode 0600).\n'
    printf '# Écrit par install-kiosk.sh ; pour le changer : install-kiosk.sh --password-file …\n'
    printf "CITEOSQUARE_KIOSK_PASSWORD='%s'\n" "$password"
}
render_udev() {
    if [[ -n $reader_usb_id ]]; then
        sed -e "s/==\"VVVV\"/==\"${reader_usb_id%:*}\"/" -e "s/==\"PPPP\"/==\"${reader_usb_id#*:}\"/" \
            -- "$SRC_DIR/99-citeosquare-reader.rules"
    else
        cat -- "$SRC_DIR/99-citeosquare-reader.rules"
    fi
}
render_chrony() {
    sed -e "s/^server SERVER /server $server /" -- "$SRC_DIR/chrony.conf"
}

any_kiosk_change=0
if [[ -n $root ]]; then
    say "Installation sous $root (--root)."
fi
if ((dry_run)); then
    say "Simulation (--dry-run) : rien ne sera modifié."
fi

# 1. Binary.
install_file "$DEST_BINARY" 0755 root:root "programme de la borne" cat -- "$binary"
mark_kiosk_change

# 2. System user and groups.
if [[ -n $root ]]; then
    run_sys "créer l'utilisateur système $KIOSK_USER" \
        useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home \
        --shell /usr/sbin/nologin "$KIOSK_USER"
    run_sys "ajouter $KIOSK_USER aux groupes" usermod -a -G "$(
        IFS=,
        echo "${KIOSK_GROUPS[*]}"
    )" "$KIOSK_USER"
else
    if getent passwd "$KIOSK_USER" >/dev/null; then
        say "[déjà en place] utilisateur système $KIOSK_USER"
    else
        run_sys "créer l'utilisateur système $KIOSK_USER" \
            useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home \
            --shell /usr/sbin/nologin "$KIOSK_USER"
    fi
    missing_groups=()
    for g in "${KIOSK_GROUPS[@]}"; do
        if ! getent group "$g" >/dev/null; then
            run_sys "créer le groupe $g (absent de ce système)" groupadd --system "$g"
        fi
        if ! id -nG "$KIOSK_USER" 2>/dev/null | tr ' ' '\n' | grep -qx -- "$g"; then
            missing_groups+=("$g")
        fi
    done
    if ((${#missing_groups[@]})); then
        run_sys "ajouter $KIOSK_USER aux groupes ${missing_groups[*]}" usermod -a -G "$(
            IFS=,
            echo "${missing_groups[*]}"
        )" "$KIOSK_USER"
    else
        say "[déjà en place] $KIOSK_USER est dans les groupes ${KIOSK_GROUPS[*]}"
    fi
fi

# 3. Configuration and password.
ensure_dir /etc/citeosquare 0755
install_file "$DEST_CONFIG" 0640 "root:$KIOSK_USER" "configuration de la borne" cat -- "$config"
mark_kiosk_change
case $password_source in
    given)
        install_file "$DEST_ENV" 0600 root:root "mot de passe MQTT (CITEOSQUARE_KIOSK_PASSWORD)" render_env
        mark_kiosk_change
        ;;
    existing)
        env_path=$(target "$DEST_ENV")
        if mode_owner_ok "$env_path" 0600 root:root; then
            say "[déjà en place] mot de passe MQTT : $DEST_ENV (gardé tel quel)"
        elif ((dry_run)); then
            say "[simulation] remettre $DEST_ENV en mode 0600, root:root"
        else
            chmod 0600 -- "$env_path"
            [[ -n $root ]] || chown root:root -- "$env_path"
            say "[fait] remettre $DEST_ENV en mode 0600, root:root"
        fi
        ;;
    ask)
        say "[simulation] demander le mot de passe MQTT au clavier (pas de --password-file) et l'écrire dans $DEST_ENV (mode 0600, root:root)"
        ;;
esac

# 4. Service, udev rule, chrony.
install_file "$DEST_UNIT" 0644 root:root "service systemd" cat -- "$SRC_DIR/$UNIT"
unit_changed=$changed
mark_kiosk_change

# Without --reader-usb-id, keep the reader id of a rule already filled in (by hand or earlier).
if [[ -z $reader_usb_id && -f $(target "$DEST_UDEV") ]]; then
    installed_vendor=$(grep -o 'ENV{ID_VENDOR_ID}=="[0-9a-fA-F]\{4\}"' -- "$(target "$DEST_UDEV")" | head -n 1 | cut -d'"' -f2 || true)
    installed_model=$(grep -o 'ENV{ID_MODEL_ID}=="[0-9a-fA-F]\{4\}"' -- "$(target "$DEST_UDEV")" | head -n 1 | cut -d'"' -f2 || true)
    if [[ -n $installed_vendor && -n $installed_model ]]; then
        reader_usb_id=${installed_vendor,,}:${installed_model,,}
        say "[déjà en place] identifiant USB du lecteur : $reader_usb_id (gardé de la règle installée)"
    fi
fi
if [[ -n $reader_usb_id ]]; then
    reader_note="lecteur $reader_usb_id → /dev/input/citeosquare-reader"
else
    reader_note="identifiant du lecteur à remplir : --reader-usb-id VVVV:PPPP"
fi
install_file "$DEST_UDEV" 0644 root:root "règle udev du lecteur USB ($reader_note)" render_udev
udev_changed=$changed

if [[ -n $root ]]; then
    run_sys "installer chrony s'il manque" apt-get install -y chrony
elif dpkg-query -W -f='${Status}' chrony 2>/dev/null | grep -q 'ok installed'; then
    say "[déjà en place] paquet chrony"
else
    # Before writing its configuration: dpkg would otherwise ask about the changed file.
    run_sys "installer chrony (il remplace systemd-timesyncd)" \
        env DEBIAN_FRONTEND=noninteractive apt-get install -y chrony
fi
chrony_path=$(target "$DEST_CHRONY")
if [[ -f $chrony_path && ! -e $(target "$CHRONY_BACKUP") ]] && ! cmp -s <(render_chrony) "$chrony_path"; then
    if ((dry_run)); then
        say "[simulation] garder l'original de $DEST_CHRONY en $CHRONY_BACKUP"
    else
        cp -p -- "$chrony_path" "$(target "$CHRONY_BACKUP")"
        say "[fait] garder l'original de $DEST_CHRONY en $CHRONY_BACKUP"
    fi
fi
install_file "$DEST_CHRONY" 0644 root:root "chrony : heure prise sur $server" render_chrony
chrony_changed=$changed

# 5. Boot configuration: SPI and I2C.
reboot_needed=0
boot_config=""
for candidate in /boot/firmware/config.txt /boot/config.txt; do
    if [[ -f $(target "$candidate") ]]; then
        boot_config=$candidate
        break
    fi
done
wanted_lines=()
while IFS= read -r line; do
    wanted_lines+=("$line")
done < <(sed -e 's/[[:space:]]*$//' -- "$SRC_DIR/config.txt" | grep -Ev '^[[:space:]]*(#|$|\[)')
if [[ -z $boot_config ]]; then
    warn "ni /boot/firmware/config.txt ni /boot/config.txt : ajoutez à la main ${wanted_lines[*]}"
else
    boot_path=$(target "$boot_config")
    missing_lines=()
    for line in "${wanted_lines[@]}"; do
        if ! awk -v l="$line" '{ sub(/^[ \t]+/, ""); sub(/[ \t\r]+$/, "") } $0 == l { found = 1 }
                END { exit !found }' "$boot_path"; then
            missing_lines+=("$line")
        fi
    done
    if ((${#missing_lines[@]} == 0)); then
        say "[déjà en place] $boot_config : ${wanted_lines[*]}"
    elif ((dry_run)); then
        say "[simulation] ajouter à $boot_config : ${missing_lines[*]}"
        reboot_needed=1
    else
        {
            printf '\n# citeosquare-kiosk (install-kiosk.sh) : SPI et I2C (lecteur, écran)\n[all]\n'
            printf '%s\n' "${missing_lines[@]}"
        } >>"$boot_path"
        say "[fait] ajouter à $boot_config : ${missing_lines[*]}"
        reboot_needed=1
    fi
fi

# 6. Reload, enable, start.
if ((unit_changed)); then
    run_sys "recharger systemd (nouveau service)" systemctl daemon-reload
fi
if ((udev_changed)); then
    run_sys "recharger les règles udev" udevadm control --reload-rules
    run_sys "appliquer la règle au lecteur déjà branché" udevadm trigger --subsystem-match=input --action=change
fi
if ((chrony_changed)); then
    run_sys "redémarrer chrony (nouvelle source d'heure : $server)" systemctl restart chrony
fi
if [[ -z $root ]] && systemctl is-enabled --quiet "$UNIT" 2>/dev/null; then
    say "[déjà en place] service $UNIT activé au démarrage"
else
    run_sys "activer le service au démarrage" systemctl enable "$UNIT"
fi
start_failed=0
if ((reboot_needed)); then
    say "Le service n'est pas démarré maintenant : SPI/I2C ne seront actifs qu'après redémarrage du Pi."
elif ((any_kiosk_change)); then
    run_sys "redémarrer le service (fichiers modifiés)" systemctl restart "$UNIT" || start_failed=1
elif [[ -z $root ]] && systemctl is-active --quiet "$UNIT" 2>/dev/null; then
    say "[déjà en place] service $UNIT en marche"
else
    run_sys "démarrer le service" systemctl start "$UNIT" || start_failed=1
fi

# --- Bilan ---------------------------------------------------------------------------------------

if ((dry_run)); then
    say "Simulation terminée : rien n'a été modifié."
    exit 0
fi
say "Terminé."
if ((reboot_needed)); then
    say "À faire : redémarrez le Pi (sudo reboot) ; la borne démarrera toute seule."
fi
say "Vérifier : systemctl status citeosquare-kiosk ; journal : journalctl -u citeosquare-kiosk -f"
if ((start_failed)); then
    fail "le service ne démarre pas : voyez journalctl -u citeosquare-kiosk -n 50"
fi
