//! The kiosk's hardware, as its TOML file describes it: reader, screen, lights and buzzer, and the
//! checks that refuse a configuration that cannot work, naming the key at fault.
//!
//! Pins are BCM GPIO numbers of the Raspberry Pi header (0–27).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Where badges come from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum ReaderConfig {
    /// Simulator: one badge per line on standard input (or `--script`).
    Stdin,
    /// NXP MFRC522 (13.56 MHz, Mifare UIDs) on SPI.
    Mfrc522 {
        #[serde(default)]
        spi_bus: u8,
        #[serde(default)]
        spi_chip_select: u8,
        #[serde(default = "default_mfrc522_clock")]
        spi_clock_hz: u32,
        /// The RST pin, if wired (it is pulsed at start).
        #[serde(default)]
        reset_gpio: Option<u8>,
        /// How often the field is polled for a card.
        #[serde(default = "default_poll_ms")]
        poll_ms: u64,
    },
    /// A Wiegand 26/34-bit reader (125 kHz readers, most door readers) on two GPIO lines.
    Wiegand {
        d0_gpio: u8,
        d1_gpio: u8,
        /// Quiet time that ends a frame.
        #[serde(default = "default_frame_gap_ms")]
        frame_gap_ms: u64,
    },
    /// A USB "keyboard wedge" reader, read through evdev (grabbed: its digits never reach a
    /// console, and the keyboard layout does not matter).
    Evdev {
        /// e.g. `/dev/input/by-id/usb-…-event-kbd` (stable across reboots; see the udev rule).
        device: PathBuf,
        #[serde(default = "yes")]
        grab: bool,
    },
}

/// What shows the answers.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum ScreenConfig {
    /// No screen: lights, buzzer and the terminal only.
    None,
    /// SSD1306 OLED, 128×64, on I2C.
    Ssd1306 {
        #[serde(default = "default_i2c_bus")]
        i2c_bus: u8,
        #[serde(default = "default_ssd1306_address")]
        address: u8,
        /// 0 or 180 (mounted upside down).
        #[serde(default)]
        rotation: u16,
    },
    /// ST7789 colour LCD on SPI: 240×240 or 320×240.
    St7789 {
        width: u16,
        height: u16,
        #[serde(default)]
        spi_bus: u8,
        #[serde(default = "default_st7789_cs")]
        spi_chip_select: u8,
        #[serde(default = "default_st7789_clock")]
        spi_clock_hz: u32,
        dc_gpio: u8,
        #[serde(default)]
        reset_gpio: Option<u8>,
        #[serde(default)]
        backlight_gpio: Option<u8>,
        /// 0, 90, 180 or 270.
        #[serde(default)]
        rotation: u16,
        /// Most ST7789 modules need colour inversion on.
        #[serde(default = "yes")]
        invert_colors: bool,
    },
}

/// Lights and buzzer; every pin optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalsConfig {
    #[serde(default)]
    pub green_led_gpio: Option<u8>,
    #[serde(default)]
    pub red_led_gpio: Option<u8>,
    #[serde(default)]
    pub buzzer_gpio: Option<u8>,
}

/// How the kiosk knows its clock is right.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClockCheck {
    /// `chronyc -c tracking` (the provisioned kiosks run chrony, pointed at the server).
    Chrony,
    /// systemd-timesyncd's `/run/systemd/timesync/synchronized`.
    Timesyncd,
    /// Not checked (the simulator on a PC): reported as synced.
    #[default]
    None,
}

fn yes() -> bool {
    true
}
fn default_mfrc522_clock() -> u32 {
    1_000_000
}
fn default_poll_ms() -> u64 {
    100
}
fn default_frame_gap_ms() -> u64 {
    25
}
fn default_i2c_bus() -> u8 {
    1
}
fn default_ssd1306_address() -> u8 {
    0x3C
}
fn default_st7789_cs() -> u8 {
    1
}
fn default_st7789_clock() -> u32 {
    40_000_000
}

/// The hardware part of a kiosk's settings, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hardware {
    pub reader: ReaderConfig,
    pub screen: ScreenConfig,
    pub signals: SignalsConfig,
}

impl Default for Hardware {
    fn default() -> Self {
        Hardware {
            reader: ReaderConfig::Stdin,
            screen: ScreenConfig::None,
            signals: SignalsConfig::default(),
        }
    }
}

/// A hardware setting that cannot work, with its key (`reader.d1_gpio`) and why, in French.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{key} : {message}")]
pub struct HardwareError {
    pub key: String,
    pub message: String,
}

fn err(key: &str, message: impl Into<String>) -> HardwareError {
    HardwareError {
        key: key.to_owned(),
        message: message.into(),
    }
}

/// Pins a bus takes on the 40-pin header (BCM numbers).
fn bus_pins(what: &str, bus: u8) -> &'static [u8] {
    match (what, bus) {
        ("spi", 0) => &[7, 8, 9, 10, 11],
        ("spi", 1) => &[16, 17, 18, 19, 20, 21],
        ("i2c", 1) => &[2, 3],
        _ => &[],
    }
}

impl Hardware {
    /// Checks what the file alone can tell: pin numbers, one use per pin (buses included), sizes,
    /// addresses, rotations, timings.
    pub fn validate(&self) -> Result<(), HardwareError> {
        let mut pins: BTreeMap<u8, String> = BTreeMap::new();
        let mut take = |key: &str, pin: u8| -> Result<(), HardwareError> {
            if pin > 27 {
                return Err(err(
                    key,
                    format!("broche GPIO {pin} inexistante (0 à 27 sur un Raspberry Pi)"),
                ));
            }
            if let Some(other) = pins.get(&pin) {
                return Err(err(
                    key,
                    format!("la broche GPIO {pin} est déjà utilisée par {other}"),
                ));
            }
            pins.insert(pin, key.to_owned());
            Ok(())
        };
        let mut spi_devices: Vec<(u8, u8, &str)> = vec![];
        let spi_check = |prefix: &str, bus: u8, cs: u8| -> Result<(), HardwareError> {
            if bus > 1 {
                return Err(err(
                    &format!("{prefix}.spi_bus"),
                    format!("bus SPI {bus} inconnu (0 ou 1)"),
                ));
            }
            let max_cs = if bus == 0 { 1 } else { 2 };
            if cs > max_cs {
                return Err(err(
                    &format!("{prefix}.spi_chip_select"),
                    format!("le bus SPI {bus} a les sélections 0 à {max_cs}"),
                ));
            }
            Ok(())
        };
        match &self.reader {
            ReaderConfig::Stdin => {}
            ReaderConfig::Mfrc522 {
                spi_bus,
                spi_chip_select,
                spi_clock_hz,
                reset_gpio,
                poll_ms,
            } => {
                spi_check("reader", *spi_bus, *spi_chip_select)?;
                if !(100_000..=10_000_000).contains(spi_clock_hz) {
                    return Err(err(
                        "reader.spi_clock_hz",
                        "le MFRC522 accepte de 100 000 à 10 000 000 Hz",
                    ));
                }
                if !(20..=2_000).contains(poll_ms) {
                    return Err(err("reader.poll_ms", "entre 20 et 2 000 ms"));
                }
                for pin in bus_pins("spi", *spi_bus) {
                    take(&format!("reader (bus SPI {spi_bus})"), *pin)?;
                }
                if let Some(pin) = reset_gpio {
                    take("reader.reset_gpio", *pin)?;
                }
                spi_devices.push((*spi_bus, *spi_chip_select, "reader"));
            }
            ReaderConfig::Wiegand {
                d0_gpio,
                d1_gpio,
                frame_gap_ms,
            } => {
                take("reader.d0_gpio", *d0_gpio)?;
                take("reader.d1_gpio", *d1_gpio)?;
                if !(5..=500).contains(frame_gap_ms) {
                    return Err(err("reader.frame_gap_ms", "entre 5 et 500 ms"));
                }
            }
            ReaderConfig::Evdev { device, .. } => {
                if !device.is_absolute() {
                    return Err(err(
                        "reader.device",
                        "chemin absolu attendu, par exemple /dev/input/by-id/…-event-kbd",
                    ));
                }
            }
        }
        match &self.screen {
            ScreenConfig::None => {}
            ScreenConfig::Ssd1306 {
                i2c_bus,
                address,
                rotation,
            } => {
                if *i2c_bus > 22 {
                    return Err(err("screen.i2c_bus", "bus I2C inconnu"));
                }
                if ![0x3C, 0x3D].contains(address) {
                    return Err(err(
                        "screen.address",
                        format!("adresse I2C {address:#04x} : un SSD1306 répond en 0x3c ou 0x3d"),
                    ));
                }
                if ![0, 180].contains(rotation) {
                    return Err(err("screen.rotation", "0 ou 180"));
                }
                for pin in bus_pins("i2c", *i2c_bus) {
                    take(&format!("screen (bus I2C {i2c_bus})"), *pin)?;
                }
            }
            ScreenConfig::St7789 {
                width,
                height,
                spi_bus,
                spi_chip_select,
                spi_clock_hz,
                dc_gpio,
                reset_gpio,
                backlight_gpio,
                rotation,
                ..
            } => {
                if !matches!((width, height), (240, 240) | (320, 240)) {
                    return Err(err(
                        "screen.width",
                        format!(
                            "{width}×{height} : les écrans pris en charge font 240×240 ou 320×240"
                        ),
                    ));
                }
                if ![0, 90, 180, 270].contains(rotation) {
                    return Err(err("screen.rotation", "0, 90, 180 ou 270"));
                }
                spi_check("screen", *spi_bus, *spi_chip_select)?;
                if !(1_000_000..=80_000_000).contains(spi_clock_hz) {
                    return Err(err(
                        "screen.spi_clock_hz",
                        "entre 1 000 000 et 80 000 000 Hz",
                    ));
                }
                // Two devices may share a bus, not a chip select.
                if let Some((_, _, other)) = spi_devices
                    .iter()
                    .find(|(b, c, _)| b == spi_bus && c == spi_chip_select)
                {
                    return Err(err(
                        "screen.spi_chip_select",
                        format!(
                            "bus SPI {spi_bus}, sélection {spi_chip_select} déjà prise par {other}"
                        ),
                    ));
                }
                if !spi_devices.iter().any(|(b, _, _)| b == spi_bus) {
                    for pin in bus_pins("spi", *spi_bus) {
                        take(&format!("screen (bus SPI {spi_bus})"), *pin)?;
                    }
                }
                take("screen.dc_gpio", *dc_gpio)?;
                if let Some(pin) = reset_gpio {
                    take("screen.reset_gpio", *pin)?;
                }
                if let Some(pin) = backlight_gpio {
                    take("screen.backlight_gpio", *pin)?;
                }
            }
        }
        let s = &self.signals;
        for (key, pin) in [
            ("signals.green_led_gpio", s.green_led_gpio),
            ("signals.red_led_gpio", s.red_led_gpio),
            ("signals.buzzer_gpio", s.buzzer_gpio),
        ] {
            if let Some(pin) = pin {
                take(key, pin)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    struct File {
        reader: ReaderConfig,
        #[serde(default = "none")]
        screen: ScreenConfig,
        #[serde(default)]
        signals: SignalsConfig,
    }
    fn none() -> ScreenConfig {
        ScreenConfig::None
    }

    fn check(toml_text: &str) -> Result<(), String> {
        let f: File = toml::from_str(toml_text).map_err(|e| e.to_string())?;
        Hardware {
            reader: f.reader,
            screen: f.screen,
            signals: f.signals,
        }
        .validate()
        .map_err(|e| e.to_string())
    }

    #[test]
    fn a_full_kiosk_validates() {
        check(
            r#"
            [reader]
            kind = "mfrc522"
            reset_gpio = 25
            [screen]
            kind = "st7789"
            width = 240
            height = 240
            dc_gpio = 24
            reset_gpio = 23
            backlight_gpio = 18
            [signals]
            green_led_gpio = 5
            red_led_gpio = 6
            buzzer_gpio = 13
            "#,
        )
        .unwrap();
    }

    #[test]
    fn each_mistake_names_its_key() {
        let cases = [
            (
                "[reader]\nkind = \"wiegand\"\nd0_gpio = 17\nd1_gpio = 17",
                "reader.d1_gpio : la broche GPIO 17 est déjà utilisée par reader.d0_gpio",
            ),
            (
                "[reader]\nkind = \"wiegand\"\nd0_gpio = 17\nd1_gpio = 40",
                "reader.d1_gpio : broche GPIO 40 inexistante",
            ),
            (
                "[reader]\nkind = \"mfrc522\"\nspi_bus = 3",
                "reader.spi_bus : bus SPI 3 inconnu",
            ),
            (
                "[reader]\nkind = \"mfrc522\"\n[screen]\nkind = \"st7789\"\nwidth = 240\nheight = 240\nspi_chip_select = 0\ndc_gpio = 24",
                "screen.spi_chip_select : bus SPI 0, sélection 0 déjà prise par reader",
            ),
            (
                "[reader]\nkind = \"stdin\"\n[screen]\nkind = \"st7789\"\nwidth = 128\nheight = 64\ndc_gpio = 24",
                "screen.width : 128×64",
            ),
            (
                "[reader]\nkind = \"stdin\"\n[screen]\nkind = \"ssd1306\"\naddress = 0x27",
                "screen.address : adresse I2C 0x27",
            ),
            (
                "[reader]\nkind = \"stdin\"\n[screen]\nkind = \"ssd1306\"\n[signals]\ngreen_led_gpio = 3",
                "signals.green_led_gpio : la broche GPIO 3 est déjà utilisée par screen (bus I2C 1)",
            ),
            (
                "[reader]\nkind = \"evdev\"\ndevice = \"event0\"",
                "reader.device : chemin absolu attendu",
            ),
            // Unknown keys and kinds are refused by the parser, which names them.
            (
                "[reader]\nkind = \"mfrc522\"\nspi_buss = 0",
                "unknown field `spi_buss`",
            ),
            ("[reader]\nkind = \"rfid\"", "unknown variant `rfid`"),
            (
                "[reader]\nkind = \"wiegand\"\nd0_gpio = 17",
                "missing field `d1_gpio`",
            ),
        ];
        for (text, expected) in cases {
            let got = check(text).unwrap_err();
            assert!(
                got.contains(expected),
                "{text}\n→ {got}\n  expected {expected}"
            );
        }
    }
}
