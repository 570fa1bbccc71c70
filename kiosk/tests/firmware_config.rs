//! The Raspberry Pi provisioning files of `firmware-config/`: every example TOML resolves through
//! the kiosk's own settings code, a broken wiring is refused naming the key, and
//! `install-kiosk.sh` simulates without touching anything, installs with the right modes, and
//! changes nothing when run again.
#![allow(clippy::unwrap_used)]

use citeosquare_kiosk::hardware::{ClockCheck, ReaderConfig, ScreenConfig};
use citeosquare_kiosk::settings::{Args, Settings, SettingsError};
use clap::Parser;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hasher};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::SystemTime;

fn firmware_config() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../firmware-config")
}

fn resolve(path: &Path) -> Result<Settings, SettingsError> {
    Args::try_parse_from(["k", "--config", path.to_str().unwrap(), "--password", "x"])
        .unwrap()
        .resolve()
}

/// `firmware-config/kiosk/*.toml`, sorted.
fn kiosk_examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(firmware_config().join("kiosk"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn reader_kind(r: &ReaderConfig) -> &'static str {
    match r {
        ReaderConfig::Stdin => "stdin",
        ReaderConfig::Mfrc522 { .. } => "mfrc522",
        ReaderConfig::Wiegand { .. } => "wiegand",
        ReaderConfig::Evdev { .. } => "evdev",
    }
}

fn screen_kind(s: &ScreenConfig) -> String {
    match s {
        ScreenConfig::None => "none".into(),
        ScreenConfig::Ssd1306 { .. } => "ssd1306".into(),
        ScreenConfig::St7789 { width, height, .. } => format!("st7789-{width}x{height}"),
    }
}

#[test]
fn every_example_resolves_and_the_set_covers_each_reader_and_screen() {
    let examples = kiosk_examples();
    assert!(
        examples.len() >= 12,
        "expected at least 12 examples, found {examples:?}"
    );
    let mut combos = BTreeSet::new();
    for path in &examples {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let s = resolve(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let combo = format!(
            "{}-{}",
            reader_kind(&s.hardware.reader),
            screen_kind(&s.hardware.screen)
        );
        assert_eq!(
            name,
            combo,
            "{}: name and contents disagree",
            path.display()
        );
        assert_eq!(
            s.data_dir,
            Path::new("/var/lib/citeosquare-kiosk"),
            "{name}: data_dir must be the unit's StateDirectory"
        );
        assert_eq!(s.clock_check, ClockCheck::Chrony, "{name}: clock_check");
        let sig = &s.hardware.signals;
        assert!(
            sig.green_led_gpio.is_some() && sig.red_led_gpio.is_some() && sig.buzzer_gpio.is_some(),
            "{name}: green and red lights and the buzzer are wired"
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            !text.lines().any(|l| l.trim_start().starts_with("password")),
            "{name}: no password in an example (it belongs in kiosk.env)"
        );
        // The wiring is documented next to the keys: header pin numbers ("broche N").
        assert!(text.contains("broche "), "{name}: wiring comments");
        combos.insert(combo);
    }
    for reader in ["mfrc522", "wiegand", "evdev"] {
        for screen in ["none", "ssd1306", "st7789-240x240", "st7789-320x240"] {
            assert!(
                combos.contains(&format!("{reader}-{screen}")),
                "missing example {reader}-{screen}.toml (have {combos:?})"
            );
        }
    }
    // The older, general example stays valid too.
    resolve(&firmware_config().join("kiosk.example.toml")).unwrap();
}

/// A copy of an example with `from` replaced by `to` (which must occur once).
fn broken_copy(dir: &Path, example: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(firmware_config().join("kiosk").join(example)).unwrap();
    assert_eq!(text.matches(from).count(), 1, "{example}: {from:?}");
    let path = dir.join(format!("broken-{example}"));
    std::fs::write(&path, text.replace(from, to)).unwrap();
    path
}

#[test]
fn two_modules_on_one_pin_are_refused_naming_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        // The buzzer on the screen's DC line.
        (
            "mfrc522-st7789-240x240.toml",
            "buzzer_gpio = 13 ",
            "buzzer_gpio = 24 ",
            ["signals.buzzer_gpio", "screen.dc_gpio"],
        ),
        // The red light on the SPI bus the reader uses.
        (
            "mfrc522-none.toml",
            "red_led_gpio = 6 ",
            "red_led_gpio = 10 ",
            ["signals.red_led_gpio", "bus SPI 0"],
        ),
        // Both Wiegand lines on one pin.
        (
            "wiegand-ssd1306.toml",
            "d1_gpio = 27 ",
            "d1_gpio = 17 ",
            ["reader.d1_gpio", "reader.d0_gpio"],
        ),
        // The screen's backlight on a Wiegand line.
        (
            "wiegand-st7789-320x240.toml",
            "backlight_gpio = 18 ",
            "backlight_gpio = 27 ",
            ["screen.backlight_gpio", "reader.d1_gpio"],
        ),
    ];
    for (example, from, to, expected) in cases {
        let path = broken_copy(dir.path(), example, from, to);
        let err = resolve(&path).expect_err(example).to_string();
        for word in expected {
            assert!(err.contains(word), "{example} with {to:?}: {err}");
        }
    }
}

// --- install-kiosk.sh -----------------------------------------------------------------------------

fn bash() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("bash"))
        .find(|p| p.is_file())
}

/// bash, or a loud skip.
fn bash_or_skip(test: &str) -> Option<PathBuf> {
    let b = bash();
    if b.is_none() {
        eprintln!("######## SKIPPED {test}: no bash on PATH; install-kiosk.sh not tested ########");
    }
    b
}

const SERVER: &str = "192.168.1.10";

struct Install {
    bash: PathBuf,
    password_file: PathBuf,
    _secrets: tempfile::TempDir,
}

impl Install {
    fn new(bash: PathBuf) -> Install {
        let secrets = tempfile::tempdir().unwrap();
        let password_file = secrets.path().join("password");
        std::fs::write(&password_file, "s3cret-Borne_1\n").unwrap();
        Install {
            bash,
            password_file,
            _secrets: secrets,
        }
    }

    /// `install-kiosk.sh --root ROOT --allow-any-arch --binary <debug kiosk> --server SERVER
    /// --password-file … --config CONFIG EXTRA…`
    fn run(&self, root: &Path, config: &Path, extra: &[&str]) -> Output {
        let out = Command::new(&self.bash)
            .arg(firmware_config().join("install-kiosk.sh"))
            .args(["--root", root.to_str().unwrap(), "--allow-any-arch"])
            .args(["--binary", env!("CARGO_BIN_EXE_citeosquare-kiosk")])
            .args(["--server", SERVER])
            .arg("--password-file")
            .arg(&self.password_file)
            .arg("--config")
            .arg(config)
            .args(extra)
            .env_remove("CITEOSQUARE_KIOSK_PASSWORD")
            .env_remove("CITEOSQUARE_KIOSK_ID")
            .env_remove("CITEOSQUARE_KIOSK_CONFIG")
            .env_remove("CITEOSQUARE_KIOSK_DATA_DIR")
            .env_remove("CITEOSQUARE_KIOSK_BROKER")
            .env_remove("CITEOSQUARE_KIOSK_SITE")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        eprintln!(
            "--- install-kiosk.sh {extra:?} → {:?}\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the binary validated the configuration; if it lacks `--check-config`, say so loudly.
fn config_was_checked(out: &str, test: &str) -> bool {
    if out.contains("ne connaît pas --check-config") {
        eprintln!(
            "######## SKIPPED part of {test}: this citeosquare-kiosk has no --check-config; \
             the installer's configuration check is not tested ########"
        );
        false
    } else {
        assert!(
            out.contains("[vérifié] configuration"),
            "the configuration check ran: {out}"
        );
        true
    }
}

/// Every file and directory under `root`: is a directory, mode, inode, modification time, content
/// hash.
type Snapshot = BTreeMap<PathBuf, (bool, u32, u64, SystemTime, u64)>;

fn snapshot(root: &Path) -> Snapshot {
    fn walk(root: &Path, dir: &Path, out: &mut Snapshot) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let meta = std::fs::symlink_metadata(&path).unwrap();
            let mut hash = DefaultHasher::new();
            if meta.is_file() {
                hash.write(&std::fs::read(&path).unwrap());
            }
            out.insert(
                path.strip_prefix(root).unwrap().to_owned(),
                (
                    meta.is_dir(),
                    meta.mode(),
                    meta.ino(),
                    meta.modified().unwrap(),
                    hash.finish(),
                ),
            );
            if meta.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = Snapshot::new();
    walk(root, root, &mut out);
    out
}

/// The Bookworm boot configuration as shipped (SPI and I2C commented out, a filtered section last).
const BOOT_CONFIG: &str = "# For more options and information see\n\
    # http://rptl.io/configtxt\n\
    #dtparam=i2c_arm=on\n\
    #dtparam=i2s=on\n\
    #dtparam=spi=on\n\
    dtparam=audio=on\n\
    camera_auto_detect=1\n\
    display_auto_detect=1\n\
    auto_initramfs=1\n\
    dtoverlay=vc4-kms-v3d\n\
    max_framebuffers=2\n\
    disable_fw_kms_setup=1\n\
    arm_64bit=1\n\
    disable_overscan=1\n\
    arm_boost=1\n\
    \n\
    [cm4]\n\
    otg_mode=1\n";

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o7777
}

#[test]
fn dry_run_prints_every_action_and_changes_nothing() {
    let test = "dry_run_prints_every_action_and_changes_nothing";
    let Some(bash) = bash_or_skip(test) else {
        return;
    };
    let install = Install::new(bash);
    let config = firmware_config().join("kiosk/mfrc522-st7789-240x240.toml");

    // An empty root: nothing installed yet, no boot configuration.
    let root = tempfile::tempdir().unwrap();
    let out = install.run(root.path(), &config, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for expected in [
        "[simulation] installer /usr/local/bin/citeosquare-kiosk",
        "[simulation] créer l'utilisateur système citeosquare-kiosk : useradd --system",
        "usermod -a -G gpio,spi,i2c,input citeosquare-kiosk",
        "[simulation] installer /etc/citeosquare/kiosk.toml",
        "[simulation] installer /etc/citeosquare/kiosk.env",
        "(mode 0600, root:root)",
        "[simulation] installer /etc/systemd/system/citeosquare-kiosk.service",
        "[simulation] installer /etc/udev/rules.d/99-citeosquare-reader.rules",
        "[simulation] installer /etc/chrony/chrony.conf",
        "systemctl daemon-reload",
        "udevadm control --reload-rules",
        "systemctl restart chrony",
        "systemctl enable citeosquare-kiosk.service",
        "systemctl restart citeosquare-kiosk.service",
        "Simulation terminée : rien n'a été modifié.",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(!text.contains("[fait]"), "{text}");
    assert!(
        !text.contains("s3cret"),
        "the password is never printed:\n{text}"
    );
    assert_eq!(
        std::fs::read_dir(root.path()).unwrap().count(),
        0,
        "--dry-run left files in the root"
    );
    config_was_checked(&text, test);

    // With a boot configuration present: the missing lines are announced, the file is untouched.
    let root = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(root.path().join("boot/firmware")).unwrap();
    std::fs::write(root.path().join("boot/firmware/config.txt"), BOOT_CONFIG).unwrap();
    let before = snapshot(root.path());
    let out = install.run(root.path(), &config, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains(
        "[simulation] ajouter à /boot/firmware/config.txt : dtparam=spi=on dtparam=i2c_arm=on"
    ));
    assert_eq!(snapshot(root.path()), before, "--dry-run changed the root");

    // A broken configuration is refused before anything, naming the key.
    let broken_dir = tempfile::tempdir().unwrap();
    let broken = broken_copy(
        broken_dir.path(),
        "mfrc522-st7789-240x240.toml",
        "buzzer_gpio = 13 ",
        "buzzer_gpio = 24 ",
    );
    let out = install.run(root.path(), &broken, &["--dry-run"]);
    if stdout(&out).contains("ne connaît pas --check-config") {
        eprintln!(
            "######## SKIPPED part of {test}: this citeosquare-kiosk has no --check-config; \
             a broken configuration is not refused by the installer ########"
        );
    } else {
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("signals.buzzer_gpio"), "{err}");
        assert!(!stdout(&out).contains("[simulation]"));
    }
    assert_eq!(snapshot(root.path()), before);

    // Not an aarch64 binary, without --allow-any-arch: refused, saying what `file` says.
    let out = Command::new(&install.bash)
        .arg(firmware_config().join("install-kiosk.sh"))
        .args(["--dry-run", "--root", root.path().to_str().unwrap()])
        .args(["--binary", env!("CARGO_BIN_EXE_citeosquare-kiosk")])
        .args(["--server", SERVER, "--config", config.to_str().unwrap()])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    if cfg!(target_arch = "aarch64") {
        assert_eq!(out.status.code(), Some(0));
    } else {
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("aarch64"));
        if Command::new("file").arg("--version").output().is_ok() {
            assert!(stdout(&out).contains("file dit « ELF"), "{}", stdout(&out));
        }
    }
}

#[test]
fn install_writes_files_with_their_modes_and_a_second_run_changes_nothing() {
    let test = "install_writes_files_with_their_modes_and_a_second_run_changes_nothing";
    let Some(bash) = bash_or_skip(test) else {
        return;
    };
    let install = Install::new(bash);
    let config = firmware_config().join("kiosk/evdev-ssd1306.toml");
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    std::fs::create_dir_all(r.join("boot/firmware")).unwrap();
    std::fs::write(r.join("boot/firmware/config.txt"), BOOT_CONFIG).unwrap();

    let out = install.run(r, &config, &["--reader-usb-id", "08FF:0009"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    config_was_checked(&text, test);
    assert!(!text.contains("s3cret"), "the password is never printed");
    assert!(text.contains("[non exécuté, --root]"), "{text}");
    assert!(text.contains("redémarrez le Pi"), "{text}");

    let binary = r.join("usr/local/bin/citeosquare-kiosk");
    assert_eq!(mode(&binary), 0o755);
    assert!(
        std::fs::read(&binary).unwrap()
            == std::fs::read(env!("CARGO_BIN_EXE_citeosquare-kiosk")).unwrap(),
        "the installed binary is the given one"
    );
    let toml = r.join("etc/citeosquare/kiosk.toml");
    assert_eq!(mode(&toml), 0o640);
    assert_eq!(
        std::fs::read_to_string(&toml).unwrap(),
        std::fs::read_to_string(&config).unwrap()
    );
    let env = r.join("etc/citeosquare/kiosk.env");
    assert_eq!(mode(&env), 0o600, "kiosk.env holds the password: 0600");
    assert!(
        std::fs::read_to_string(&env)
            .unwrap()
            .lines()
            .any(|l| l == "CITEOSQUARE_KIOSK_PASSWORD='s3cret-Borne_1'")
    );
    let unit = r.join("etc/systemd/system/citeosquare-kiosk.service");
    assert_eq!(mode(&unit), 0o644);
    assert_eq!(
        std::fs::read(&unit).unwrap(),
        std::fs::read(firmware_config().join("kiosk/citeosquare-kiosk.service")).unwrap()
    );
    let udev =
        std::fs::read_to_string(r.join("etc/udev/rules.d/99-citeosquare-reader.rules")).unwrap();
    assert!(
        udev.contains(r#"ENV{ID_VENDOR_ID}=="08ff", ENV{ID_MODEL_ID}=="0009""#),
        "{udev}"
    );
    let chrony = std::fs::read_to_string(r.join("etc/chrony/chrony.conf")).unwrap();
    assert!(chrony.contains("\nserver 192.168.1.10 iburst prefer\n"));
    assert!(chrony.contains("\nmakestep 1 -1\n"));
    assert!(!chrony.contains("server SERVER"));
    let boot = std::fs::read_to_string(r.join("boot/firmware/config.txt")).unwrap();
    assert!(boot.starts_with(BOOT_CONFIG), "appended only");
    let added = &boot[BOOT_CONFIG.len()..];
    assert!(
        added.contains("\n[all]\ndtparam=spi=on\ndtparam=i2c_arm=on\n"),
        "{added}"
    );

    // Again, same arguments (and without --reader-usb-id: the installed id is kept): all in place.
    let before = snapshot(r);
    let out = install.run(r, &config, &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        !text.contains("[fait]"),
        "second run did something:\n{text}"
    );
    for what in [
        "/usr/local/bin/citeosquare-kiosk",
        "/etc/citeosquare/kiosk.toml",
        "/etc/citeosquare/kiosk.env",
        "/etc/systemd/system/citeosquare-kiosk.service",
        "/etc/udev/rules.d/99-citeosquare-reader.rules",
        "/etc/chrony/chrony.conf",
        "/boot/firmware/config.txt",
    ] {
        assert!(
            text.lines()
                .any(|l| l.starts_with("[déjà en place]") && l.contains(what)),
            "{what} not reported as already in place:\n{text}"
        );
    }
    assert!(!text.contains("daemon-reload"), "{text}");
    assert_eq!(snapshot(r), before, "the second run changed files");

    // A dry run over the installed root agrees.
    let out = install.run(r, &config, &["--dry-run"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(!text.contains("[simulation] installer /"), "{text}");
    assert!(!text.contains("[simulation] mettre à jour"), "{text}");
    assert!(!text.contains("[simulation] ajouter à"), "{text}");
    assert_eq!(snapshot(r), before);

    // Another configuration: only kiosk.toml is rewritten, and the kiosk would be restarted.
    let other = firmware_config().join("kiosk/evdev-st7789-320x240.toml");
    let out = install.run(r, &other, &[]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    let done: Vec<&str> = text.lines().filter(|l| l.starts_with("[fait]")).collect();
    assert_eq!(done.len(), 1, "{text}");
    assert!(
        done[0].starts_with("[fait] mettre à jour /etc/citeosquare/kiosk.toml"),
        "{text}"
    );
    assert!(
        text.contains("systemctl restart citeosquare-kiosk.service"),
        "{text}"
    );
    let after = snapshot(r);
    // (Files only: the directory holding kiosk.toml changes with the rename that replaces it.)
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(p, v)| !v.0 && before.get(*p) != Some(v))
        .map(|(p, _)| p)
        .collect();
    assert_eq!(changed, [Path::new("etc/citeosquare/kiosk.toml")]);
    assert_eq!(mode(&toml), 0o640);
}
