//! ST7789 colour LCD on SPI (`/dev/spidevB.C`), 240×240 or 320×240, through `mipidsi`.
//!
//! Geometry: the controller's memory is 240×320 (portrait). A 240×240 panel is used as is; a
//! 320×240 panel is turned a quarter (landscape). `rotation` (0, 90, 180, 270) is added to that,
//! for a module mounted the other way up; with 90 or 270 a 320×240 panel is drawn in portrait.
//!
//! Each view is drawn by [`render_color`] into a frame buffer, then only the rows that changed
//! since the last frame on the glass are sent (the idle clock changes a few rows a minute). A failed
//! send forgets that frame, so the next view is sent in full. The backlight pin, if any, is lit
//! once the first frame is on the glass. SPI mode 0 (modules with a chip-select line; the Pi's
//! auxiliary bus, SPI 1, has modes 0 and 2 only).

use super::render::{Framebuffer, render_color};
use super::{FailureLog, Screen, View};
use embedded_graphics::{pixelcolor::Rgb565, prelude::*, primitives::Rectangle};
use mipidsi::interface::SpiInterface;
use mipidsi::models::ST7789;
use mipidsi::options::{ColorInversion, Orientation, Rotation};
use mipidsi::{Builder, Display};
use rppal::gpio::{Gpio, OutputPin};
use rppal::hal::Delay;
use rppal::spi::{Bus, Mode, SimpleHalSpiDevice, SlaveSelect, Spi};

/// What `open` needs from `ScreenConfig::St7789`.
#[derive(Debug, Clone)]
pub(crate) struct Params {
    pub width: u16,
    pub height: u16,
    pub spi_bus: u8,
    pub spi_chip_select: u8,
    pub spi_clock_hz: u32,
    pub dc_gpio: u8,
    pub reset_gpio: Option<u8>,
    pub backlight_gpio: Option<u8>,
    pub rotation: u16,
    pub invert_colors: bool,
}

/// Bytes gathered per SPI write: `spidev` takes at most 4096 by default (`spidev.bufsiz`).
const SPI_CHUNK: usize = 4096;

type Interface = SpiInterface<'static, SimpleHalSpiDevice, OutputPin>;

/// The panel's memory size (portrait) and the quarter turns that give `width`×`height`.
fn geometry(width: u16, height: u16, rotation: u16) -> Result<((u16, u16), Rotation), String> {
    let (native, base) = if width > height {
        ((height, width), 90u32)
    } else {
        ((width, height), 0)
    };
    let degrees = (base + u32::from(rotation)) % 360;
    let rotation = Rotation::try_from_degree(degrees as i32)
        .map_err(|_| format!("rotation {rotation} (0, 90, 180 ou 270)"))?;
    Ok((native, rotation))
}

pub(crate) fn open(p: &Params) -> Result<Box<dyn Screen>, String> {
    let what = format!(
        "écran ST7789 {}×{} (bus SPI {}, sélection {})",
        p.width, p.height, p.spi_bus, p.spi_chip_select
    );
    let fail = |e: &dyn std::fmt::Display| format!("{what} : {e}");
    let (native, rotation) = geometry(p.width, p.height, p.rotation).map_err(|e| fail(&e))?;
    let bus = match p.spi_bus {
        0 => Bus::Spi0,
        1 => Bus::Spi1,
        2 => Bus::Spi2,
        n => return Err(fail(&format!("bus SPI {n} inconnu"))),
    };
    let select = match p.spi_chip_select {
        0 => SlaveSelect::Ss0,
        1 => SlaveSelect::Ss1,
        2 => SlaveSelect::Ss2,
        n => return Err(fail(&format!("sélection {n} inconnue"))),
    };
    let spi = Spi::new(bus, select, p.spi_clock_hz, Mode::Mode0).map_err(|e| fail(&e))?;
    let gpio = Gpio::new().map_err(|e| fail(&e))?;
    let pin = |n: u8, role: &str| {
        gpio.get(n)
            .map_err(|e| fail(&format!("broche GPIO {n} ({role}) : {e}")))
    };
    let dc = pin(p.dc_gpio, "DC")?.into_output_high();
    // Dark until the first frame is drawn: no flash of random pixels at start.
    let backlight = match p.backlight_gpio {
        Some(n) => Some(pin(n, "rétroéclairage")?.into_output_low()),
        None => None,
    };
    // Allocated once per opened screen, for the life of the process (the interface borrows it).
    let buffer: &'static mut [u8] = Box::leak(vec![0u8; SPI_CHUNK].into_boxed_slice());
    let interface = SpiInterface::new(SimpleHalSpiDevice::new(spi), dc, buffer);
    let builder = Builder::new(ST7789, interface)
        .display_size(native.0, native.1)
        .orientation(Orientation::new().rotate(rotation))
        .invert_colors(if p.invert_colors {
            ColorInversion::Inverted
        } else {
            ColorInversion::Normal
        });
    match p.reset_gpio {
        Some(n) => {
            let reset = pin(n, "RST")?.into_output_high();
            St7789Screen::start(builder.reset_pin(reset), backlight, &what)
        }
        // No reset line: mipidsi sends a software reset.
        None => St7789Screen::start(builder, backlight, &what),
    }
}

pub(crate) struct St7789Screen<RST: embedded_hal::digital::OutputPin> {
    display: Display<Interface, ST7789, RST>,
    backlight: Option<OutputPin>,
    frame: Framebuffer<Rgb565>,
    /// The frame on the glass, if the last send worked.
    on_glass: Option<Framebuffer<Rgb565>>,
    shown: Option<View>,
    log: FailureLog,
}

impl<RST: embedded_hal::digital::OutputPin> std::fmt::Debug for St7789Screen<RST> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("St7789Screen")
            .field("size", &self.frame.size())
            .field("shown", &self.shown)
            .finish_non_exhaustive()
    }
}

impl<RST> St7789Screen<RST>
where
    RST: embedded_hal::digital::OutputPin + Send + 'static,
    RST::Error: std::fmt::Debug,
{
    fn start(
        builder: Builder<Interface, ST7789, RST>,
        backlight: Option<OutputPin>,
        what: &str,
    ) -> Result<Box<dyn Screen>, String> {
        let display = builder
            .init(&mut Delay::new())
            .map_err(|e| format!("{what} : initialisation impossible ({e:?})"))?;
        let size = display.bounding_box().size;
        let mut screen = St7789Screen {
            display,
            backlight,
            frame: Framebuffer::new(size, Rgb565::BLACK),
            on_glass: None,
            shown: None,
            log: FailureLog::default(),
        };
        // Blank the glass (the panel's memory holds noise after power-up), then light it.
        let blank = Framebuffer::new(size, Rgb565::BLACK);
        screen
            .send(&blank)
            .map_err(|e| format!("{what} : envoi impossible ({e:?})"))?;
        screen.on_glass = Some(blank);
        if let Some(light) = &mut screen.backlight {
            light.set_high();
        }
        tracing::info!("{what} ouvert ({}×{})", size.width, size.height);
        Ok(Box::new(screen))
    }

    /// Sends the rows of `frame` that differ from what is on the glass (all of them if unknown).
    fn send(
        &mut self,
        frame: &Framebuffer<Rgb565>,
    ) -> Result<(), <Display<Interface, ST7789, RST> as DrawTarget>::Error> {
        let size = frame.size();
        let rows = match &self.on_glass {
            Some(old) if old.size() == size => {
                let differs = |y: &u32| old.row(*y) != frame.row(*y);
                match (0..size.height).find(differs) {
                    None => return Ok(()),
                    Some(first) => {
                        let last = (0..size.height).rev().find(differs).unwrap_or(first);
                        first..last + 1
                    }
                }
            }
            _ => 0..size.height,
        };
        let area = Rectangle::new(
            Point::new(0, rows.start as i32),
            Size::new(size.width, rows.end - rows.start),
        );
        let pixels = rows.flat_map(|y| frame.row(y).iter().copied());
        self.display.fill_contiguous(&area, pixels)
    }
}

impl<RST> Screen for St7789Screen<RST>
where
    RST: embedded_hal::digital::OutputPin + Send + 'static,
    RST::Error: std::fmt::Debug,
{
    fn show(&mut self, view: &View) {
        if self.shown.as_ref() == Some(view) {
            return;
        }
        let mut frame = std::mem::replace(
            &mut self.frame,
            Framebuffer::new(Size::zero(), Rgb565::BLACK),
        );
        // Drawing in memory cannot fail.
        let Ok(()) = render_color(&mut frame, view);
        match self.send(&frame) {
            Ok(()) => {
                self.shown = Some(view.clone());
                // Keep the frame on the glass; reuse the old one's memory for the next view.
                self.frame = self.on_glass.replace(frame).unwrap_or_else(|| {
                    Framebuffer::new(self.display.bounding_box().size, Rgb565::BLACK)
                });
                self.log.succeeded(self.name());
            }
            Err(error) => {
                self.frame = frame;
                self.on_glass = None;
                self.shown = None;
                self.log.failed(self.name(), "envoi", &error);
            }
        }
    }

    fn name(&self) -> &'static str {
        "st7789"
    }

    fn healthy(&self) -> bool {
        !self.log.failing()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn geometry_turns_landscape_panels() {
        let g = |w, h, r| geometry(w, h, r).map(|(n, r)| (n, r.degree()));
        assert_eq!(g(240, 240, 0), Ok(((240, 240), 0)));
        assert_eq!(g(240, 240, 180), Ok(((240, 240), 180)));
        assert_eq!(g(320, 240, 0), Ok(((240, 320), 90)));
        assert_eq!(g(320, 240, 180), Ok(((240, 320), 270)));
        assert_eq!(g(320, 240, 270), Ok(((240, 320), 0)));
        assert!(g(240, 240, 45).is_err());
    }
}
