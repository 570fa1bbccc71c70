//! Golden snapshots of every screen view at every size: `tests/goldens/<view>-<width>x<height>.png`,
//! compared pixel for pixel (monochrome: lit = white, dark = black; colour: RGB565 widened to 8
//! bits per channel).
//!
//! After a deliberate change of the drawing: `UPDATE_GOLDENS=1 cargo test -p citeosquare-kiosk
//! --test screens`, then look at every changed PNG before committing. `SCREENS_PREVIEW=1` also
//! writes ×3 enlargements under the test's target directory, for reading them comfortably.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use citeosquare_kiosk::screen::View;
use citeosquare_kiosk::screen::render::{render_color, render_mono};
use embedded_graphics::pixelcolor::{BinaryColor, Rgb565, Rgb888};
use embedded_graphics::prelude::*;
use embedded_graphics::primitives::Rectangle;
use embedded_graphics_simulator::{OutputSettingsBuilder, SimulatorDisplay};
use std::path::{Path, PathBuf};

fn views() -> Vec<(&'static str, View)> {
    let s = String::from;
    vec![
        (
            "idle-online",
            View::Idle {
                label: s("Café — permanences SEL"),
                clock: s("14 h 05"),
                online: true,
                pending: 0,
            },
        ),
        (
            "idle-offline",
            View::Idle {
                label: s("Café — permanences SEL"),
                clock: s("14 h 05"),
                online: false,
                pending: 3,
            },
        ),
        (
            "idle-long",
            View::Idle {
                label: s("Cœur de l’épicerie solidaire — Maison des associations Saint-Éloi"),
                clock: s("23 h 59"),
                online: false,
                pending: 12_345,
            },
        ),
        (
            "answer-accepted",
            View::Answer {
                accepted: true,
                title: s("Bonjour Hélène"),
                lines: vec![s("Permanence commencée"), s("14 h 05")],
            },
        ),
        (
            "answer-accepted-long",
            View::Answer {
                accepted: true,
                title: s("Bonjour Françoise-Hélène"),
                lines: vec![
                    s("Cœur de l'épicerie solidaire"),
                    s("Permanence commencée à 14 h 05"),
                ],
            },
        ),
        // A room's door: entering a debate night, the longest answer a door sends.
        (
            "answer-room-entered",
            View::Answer {
                accepted: true,
                title: s("Bienvenue Marie"),
                lines: vec![
                    s("Entrée dans Salle polyvalente à 19 h 02"),
                    s("Débat citoyen : le Bien-Vivre dans notre quartier"),
                    s("31/80 personnes"),
                ],
            },
        ),
        // A full room refuses entry.
        (
            "answer-room-full",
            View::Answer {
                accepted: false,
                title: s("Salle complète"),
                lines: vec![
                    s("Salle polyvalente : 80/80 personnes"),
                    s("Attendez une sortie ou voyez l'accueil"),
                ],
            },
        ),
        // The server's answer at the end of a SEL shift: four lines in all, the longest it sends.
        (
            "answer-shift-ended",
            View::Answer {
                accepted: true,
                title: s("Merci Marie"),
                lines: vec![
                    s("Permanence finie à 12 h 01"),
                    s("+ 3 h créditées"),
                    s("Solde : −12 h 30"),
                ],
            },
        ),
        // The key cabinet (role `vehicles`): a key taken, a late return (the longest answer it
        // sends), a refusal.
        (
            "answer-key-taken",
            View::Answer {
                accepted: true,
                title: s("Clé n° 3"),
                lines: vec![
                    s("Renault Zoé"),
                    s("jusqu'à 17 h 00"),
                    s("Bonne route Marie"),
                ],
            },
        ),
        (
            "answer-key-returned",
            View::Answer {
                accepted: true,
                title: s("Merci Marie"),
                lines: vec![
                    s("Clé n° 2 rendue — Citroën Berlingo TPMR"),
                    s("à 16 h 42 (retour prévu 16 h 00)"),
                    s("Fiche de retour à remplir"),
                    s("à l'accueil ou sur votre page"),
                ],
            },
        ),
        (
            "answer-key-refused",
            View::Answer {
                accepted: false,
                title: s("Véhicule pas encore rendu"),
                lines: vec![s("Renault Clio"), s("Voyez l'accueil")],
            },
        ),
        (
            "answer-refused",
            View::Answer {
                accepted: false,
                title: s("Badge inconnu"),
                lines: vec![s("Adressez-vous à l'accueil")],
            },
        ),
        (
            "answer-refused-long",
            View::Answer {
                accepted: false,
                title: s("Désolé Marie-Thérèse-Éléonore de la Châtaigneraie"),
                lines: vec![
                    s("Vous n'êtes pas inscrite à l'atelier « Œuvres d'art & poésie » ce jeudi"),
                    s("Renseignez-vous à l'accueil, où l'on vous aidera volontiers"),
                    s("Merci !"),
                ],
            },
        ),
        ("recorded-offline", View::RecordedOffline { pending: 1 }),
        (
            "recorded-offline-pending",
            View::RecordedOffline { pending: 27 },
        ),
        ("unreadable", View::Unreadable),
        (
            "error",
            View::Error {
                message: s("Lecteur en panne"),
            },
        ),
        (
            "error-long",
            View::Error {
                message: s("Le lecteur de badges ne répond plus depuis 14 h 05"),
            },
        ),
    ]
}

const SIZES: [(u32, u32); 3] = [(128, 64), (240, 240), (320, 240)];

fn goldens() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/goldens")
}

fn scratch() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("screens")
}

/// Draws `view` at `size` (monochrome at 128×64, colour otherwise), as 8-bit RGB.
fn draw(view: &View, (w, h): (u32, u32)) -> SimulatorDisplay<Rgb888> {
    let size = Size::new(w, h);
    let mut out = SimulatorDisplay::<Rgb888>::new(size);
    if (w, h) == (128, 64) {
        let mut mono = SimulatorDisplay::<BinaryColor>::new(size);
        render_mono(&mut mono, view).unwrap();
        copy(&mono, &mut out);
    } else {
        let mut color = SimulatorDisplay::<Rgb565>::new(size);
        render_color(&mut color, view).unwrap();
        copy(&color, &mut out);
    }
    out
}

fn copy<C: PixelColor + Into<Rgb888>>(
    from: &SimulatorDisplay<C>,
    to: &mut SimulatorDisplay<Rgb888>,
) {
    let pixels = from
        .bounding_box()
        .points()
        .map(|p| Pixel(p, from.get_pixel(p).into()));
    to.draw_iter(pixels).unwrap();
}

fn save(display: &SimulatorDisplay<Rgb888>, path: &Path, scale: u32) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let settings = OutputSettingsBuilder::new().scale(scale).build();
    display
        .to_rgb_output_image(&settings)
        .save_png(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

#[test]
fn every_view_matches_its_golden() {
    let update = std::env::var_os("UPDATE_GOLDENS").is_some_and(|v| v == "1");
    let preview = std::env::var_os("SCREENS_PREVIEW").is_some_and(|v| v == "1");
    let mut failures = vec![];
    for (name, view) in views() {
        for size in SIZES {
            let file = format!("{name}-{}x{}.png", size.0, size.1);
            let golden = goldens().join(&file);
            let actual = draw(&view, size);
            if preview {
                save(&actual, &scratch().join("preview").join(&file), 3);
            }
            if update {
                let same = SimulatorDisplay::<Rgb888>::load_png(&golden).is_ok_and(|g| g == actual);
                if !same {
                    save(&actual, &golden, 1);
                    eprintln!("wrote {}", golden.display());
                }
                continue;
            }
            if !golden.exists() {
                failures.push(format!(
                    "{file}: no golden; create it with \
                     `UPDATE_GOLDENS=1 cargo test -p citeosquare-kiosk --test screens`, \
                     then look at it"
                ));
                continue;
            }
            let expected = SimulatorDisplay::<Rgb888>::load_png(&golden)
                .unwrap_or_else(|e| panic!("{}: {e}", golden.display()));
            if expected.bounding_box() != actual.bounding_box() {
                failures.push(format!(
                    "{file}: golden is {:?}, drawing is {:?}",
                    expected.bounding_box().size,
                    actual.bounding_box().size
                ));
                continue;
            }
            if let Some(diff) = expected.diff(&actual) {
                let at = scratch().join("failed");
                let stem = file.trim_end_matches(".png");
                save(&actual, &at.join(format!("{stem}.actual.png")), 1);
                let mut diff_rgb = SimulatorDisplay::<Rgb888>::new(diff.bounding_box().size);
                copy(&diff, &mut diff_rgb);
                save(&diff_rgb, &at.join(format!("{stem}.diff.png")), 1);
                let count = diff
                    .bounding_box()
                    .points()
                    .filter(|p| diff.get_pixel(*p).is_on())
                    .count();
                failures.push(format!(
                    "{file}: {count} pixels differ; see {}/{stem}.actual.png and .diff.png \
                     (if the change is wanted: UPDATE_GOLDENS=1)",
                    at.display()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

/// A target that records pixels drawn outside it.
struct Strict<C> {
    size: Size,
    outside: usize,
    _color: std::marker::PhantomData<C>,
}

impl<C> OriginDimensions for Strict<C> {
    fn size(&self) -> Size {
        self.size
    }
}

impl<C: PixelColor> DrawTarget for Strict<C> {
    type Color = C;
    type Error = std::convert::Infallible;
    fn draw_iter<I: IntoIterator<Item = Pixel<C>>>(
        &mut self,
        pixels: I,
    ) -> Result<(), Self::Error> {
        let screen = Rectangle::new(Point::zero(), self.size);
        self.outside += pixels
            .into_iter()
            .filter(|Pixel(p, _)| !screen.contains(*p))
            .count();
        Ok(())
    }
}

#[test]
fn nothing_is_drawn_outside_the_screen() {
    for (name, view) in views() {
        for (w, h) in SIZES.into_iter().chain([(240, 320)]) {
            let size = Size::new(w, h);
            let outside = if (w, h) == (128, 64) {
                let mut t = Strict::<BinaryColor> {
                    size,
                    outside: 0,
                    _color: Default::default(),
                };
                render_mono(&mut t, &view).unwrap();
                t.outside
            } else {
                let mut t = Strict::<Rgb565> {
                    size,
                    outside: 0,
                    _color: Default::default(),
                };
                render_color(&mut t, &view).unwrap();
                t.outside
            };
            assert_eq!(
                outside, 0,
                "{name} at {w}×{h}: {outside} pixels outside the screen"
            );
        }
    }
}

#[test]
fn drawing_is_deterministic() {
    for (_, view) in views() {
        for size in SIZES {
            assert!(draw(&view, size) == draw(&view, size));
        }
    }
}
