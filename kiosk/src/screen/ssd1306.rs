//! SSD1306 OLED, 128×64, on I2C (`/dev/i2c-N`).
//!
//! The view is drawn by [`render_mono`] into the driver's own frame buffer, then sent. A failed
//! send re-initialises the controller before the next view (the module may have been unplugged
//! or lost power), which is then sent in full.

use super::render::render_mono;
use super::{FailureLog, Screen, View};
use ::ssd1306::mode::BufferedGraphicsMode;
use ::ssd1306::prelude::*;
use ::ssd1306::{I2CDisplayInterface, Ssd1306};
use embedded_graphics::draw_target::DrawTarget;
use rppal::i2c::I2c;

type Device =
    Ssd1306<I2CInterface<I2c>, DisplaySize128x64, BufferedGraphicsMode<DisplaySize128x64>>;
/// `display_interface::DisplayError`.
type DeviceError = <Device as DrawTarget>::Error;

pub(crate) struct Ssd1306Screen {
    device: Device,
    /// The view on the glass, if the last send worked.
    shown: Option<View>,
    needs_init: bool,
    log: FailureLog,
}

impl std::fmt::Debug for Ssd1306Screen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ssd1306Screen")
            .field("shown", &self.shown)
            .field("needs_init", &self.needs_init)
            .finish_non_exhaustive()
    }
}

impl Ssd1306Screen {
    /// Opens the bus and initialises the controller (which fails if nothing answers at
    /// `address`). `rotation` is 0 or 180.
    pub(crate) fn open(bus: u8, address: u8, rotation: u16) -> Result<Self, String> {
        let what = format!("écran SSD1306 (bus I2C {bus}, adresse {address:#04x})");
        let i2c = I2c::with_bus(bus).map_err(|e| format!("{what} : {e}"))?;
        let rotation = match rotation {
            0 => DisplayRotation::Rotate0,
            180 => DisplayRotation::Rotate180,
            other => return Err(format!("{what} : rotation {other} (0 ou 180)")),
        };
        let interface = I2CDisplayInterface::new_custom_address(i2c, address);
        let mut device =
            Ssd1306::new(interface, DisplaySize128x64, rotation).into_buffered_graphics_mode();
        device
            .init()
            .map_err(|e| format!("{what} : pas de réponse ({e:?})"))?;
        // `init` cleared the buffer; blank the glass.
        device
            .flush()
            .map_err(|e| format!("{what} : envoi impossible ({e:?})"))?;
        tracing::info!("{what} ouvert");
        Ok(Ssd1306Screen {
            device,
            shown: None,
            needs_init: false,
            log: FailureLog::default(),
        })
    }

    fn try_show(&mut self, view: &View) -> Result<(), (&'static str, DeviceError)> {
        if self.needs_init {
            self.device.init().map_err(|e| ("initialisation", e))?;
            self.needs_init = false;
        }
        self.device.clear_buffer();
        render_mono(&mut self.device, view).map_err(|e| ("dessin", e))?;
        self.device.flush().map_err(|e| ("envoi", e))
    }
}

impl Screen for Ssd1306Screen {
    fn show(&mut self, view: &View) {
        if self.shown.as_ref() == Some(view) {
            return;
        }
        match self.try_show(view) {
            Ok(()) => {
                self.shown = Some(view.clone());
                self.log.succeeded(self.name());
            }
            Err((what, error)) => {
                self.shown = None;
                self.needs_init = true;
                self.log.failed(self.name(), what, &error);
            }
        }
    }

    fn name(&self) -> &'static str {
        "ssd1306"
    }

    fn healthy(&self) -> bool {
        !self.log.failing()
    }
}
