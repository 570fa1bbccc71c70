//! Painting a layout on a target (scaled bitmap fonts, the marks drawn as shapes, ellipses), and
//! the in-memory [`Framebuffer`] the colour driver and the golden tests draw into.

use super::*;

/// Draws on `target` at `scale`: each pixel becomes a `scale`×`scale` square from `origin`.
pub(super) struct Scaled<'a, D> {
    target: &'a mut D,
    origin: Point,
    scale: u32,
}

impl<D: DrawTarget> Dimensions for Scaled<'_, D> {
    fn bounding_box(&self) -> Rectangle {
        let s = self.target.bounding_box().size;
        Rectangle::new(
            Point::zero(),
            Size::new(s.width / self.scale.max(1), s.height / self.scale.max(1)),
        )
    }
}

impl<D: DrawTarget> DrawTarget for Scaled<'_, D> {
    type Color = D::Color;
    type Error = D::Error;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<Self::Color>>,
    {
        let (origin, scale) = (self.origin, self.scale.max(1));
        if scale == 1 {
            return self
                .target
                .draw_iter(pixels.into_iter().map(|Pixel(p, c)| Pixel(origin + p, c)));
        }
        for Pixel(p, c) in pixels {
            let area = Rectangle::new(origin + p * scale as i32, Size::new_equal(scale));
            self.target.fill_solid(&area, c)?;
        }
        Ok(())
    }
}

pub(super) fn paint<D: DrawTarget>(
    target: &mut D,
    layout: &Layout<D::Color>,
) -> Result<(), D::Error> {
    let screen = Rectangle::new(Point::zero(), layout.size);
    target.clear(layout.background)?;
    if let Some((color, thickness)) = layout.frame {
        screen
            .into_styled(
                embedded_graphics::primitives::PrimitiveStyleBuilder::new()
                    .stroke_color(color)
                    .stroke_width(thickness)
                    .stroke_alignment(embedded_graphics::primitives::StrokeAlignment::Inside)
                    .build(),
            )
            .draw(target)?;
    }
    for item in &layout.items {
        match item {
            Item::Text {
                at,
                face,
                line,
                color,
            } => {
                let style = MonoTextStyle::new(face.font, *color);
                let mut scaled = Scaled {
                    target: &mut *target,
                    origin: *at,
                    scale: face.scale,
                };
                Text::with_baseline(&line.text, Point::zero(), style, Baseline::Top)
                    .draw(&mut scaled)?;
                if line.ellipsis {
                    let x = at.x + face.text_width(char_count(&line.text)) as i32;
                    draw_ellipsis(target, Point::new(x, at.y), *face, *color)?;
                }
            }
            Item::Icon {
                area,
                icon,
                disc,
                mark,
            } => draw_icon(target, *area, *icon, *disc, *mark)?,
        }
    }
    Ok(())
}

/// `…` in one character cell: three dots on the baseline.
pub(super) fn draw_ellipsis<D: DrawTarget>(
    target: &mut D,
    cell: Point,
    face: Face,
    color: D::Color,
) -> Result<(), D::Error> {
    let w = face.char_width() as i32;
    let dot = (w / 5).max(1);
    let y = cell.y + face.ascent() as i32 - dot;
    for i in 0..3 {
        let x = cell.x + (w * (2 * i + 1)) / 6 - dot / 2;
        Rectangle::new(Point::new(x, y), Size::new_equal(dot as u32))
            .into_styled(PrimitiveStyle::with_fill(color))
            .draw(target)?;
    }
    Ok(())
}

pub(super) fn draw_icon<D: DrawTarget>(
    target: &mut D,
    area: Rectangle,
    icon: Icon,
    disc: D::Color,
    mark: D::Color,
) -> Result<(), D::Error> {
    let s = area.size.width.min(area.size.height) as i32;
    let o = area.top_left;
    // A point at (x, y) thousandths of the mark's size.
    let at = |x: i32, y: i32| o + Point::new((x * s + 500) / 1000, (y * s + 500) / 1000);
    let stroke = ((s + 4) / 9).max(2) as u32;
    let fill = PrimitiveStyle::with_fill(disc);
    match icon {
        Icon::Check => {
            Circle::new(o, s as u32).into_styled(fill).draw(target)?;
            Polyline::new(&[at(260, 520), at(430, 690), at(740, 330)])
                .into_styled(PrimitiveStyle::with_stroke(mark, stroke))
                .draw(target)?;
        }
        Icon::Cross => {
            Circle::new(o, s as u32).into_styled(fill).draw(target)?;
            let style = PrimitiveStyle::with_stroke(mark, stroke);
            Line::new(at(315, 315), at(685, 685))
                .into_styled(style)
                .draw(target)?;
            Line::new(at(685, 315), at(315, 685))
                .into_styled(style)
                .draw(target)?;
        }
        Icon::Hourglass => {
            Circle::new(o, s as u32).into_styled(fill).draw(target)?;
            let m = PrimitiveStyle::with_fill(mark);
            Triangle::new(at(300, 240), at(700, 240), at(500, 500))
                .into_styled(m)
                .draw(target)?;
            Triangle::new(at(500, 500), at(300, 760), at(700, 760))
                .into_styled(m)
                .draw(target)?;
        }
        Icon::Question => {
            Circle::new(o, s as u32).into_styled(fill).draw(target)?;
            glyph_in(target, area, '?', mark)?;
        }
        Icon::Warning => {
            Triangle::new(at(500, 20), at(980, 940), at(20, 940))
                .into_styled(fill)
                .draw(target)?;
            // `!` as shapes: a bar and a dot.
            let bar = (s * 11 / 100).max(2);
            let x = o.x + (s - bar) / 2;
            Rectangle::new(
                Point::new(x, at(0, 330).y),
                Size::new(bar as u32, (at(0, 680).y - at(0, 330).y) as u32),
            )
            .into_styled(PrimitiveStyle::with_fill(mark))
            .draw(target)?;
            Rectangle::new(
                Point::new(x, at(0, 750).y),
                Size::new(bar as u32, bar as u32),
            )
            .into_styled(PrimitiveStyle::with_fill(mark))
            .draw(target)?;
        }
        Icon::Online => {
            Circle::new(o, s as u32).into_styled(fill).draw(target)?;
        }
        Icon::Offline => {
            let ring = ((s + 3) / 7).max(1) as u32;
            Circle::new(o, s as u32)
                .into_styled(
                    embedded_graphics::primitives::PrimitiveStyleBuilder::new()
                        .stroke_color(disc)
                        .stroke_width(ring)
                        .stroke_alignment(embedded_graphics::primitives::StrokeAlignment::Inside)
                        .build(),
                )
                .draw(target)?;
            Line::new(at(150, 850), at(850, 150))
                .into_styled(PrimitiveStyle::with_stroke(disc, ring))
                .draw(target)?;
        }
    }
    Ok(())
}

/// One character, centred in `area`, as large as fits in 60 % of it.
pub(super) fn glyph_in<D: DrawTarget>(
    target: &mut D,
    area: Rectangle,
    c: char,
    color: D::Color,
) -> Result<(), D::Error> {
    let s = area.size.height;
    let candidates = [
        face(F10X20, 4),
        face(F10X20, 3),
        face(F10X20, 2),
        face(F9X15B, 1),
        face(F8X13B, 1),
        face(F6X10, 1),
        face(F5X8, 1),
    ];
    let Some(f) = candidates
        .iter()
        .find(|f| f.ascent() * 10 <= s * 6)
        .or(candidates.last())
    else {
        return Ok(());
    };
    // Centre the glyph's capital box (top of the cell to the baseline, less the accent room).
    let cap_top = f.ascent() as i32 - (f.ascent() as i32 * 3) / 4;
    let cap_height = f.ascent() as i32 - cap_top;
    let x = area.top_left.x + (area.size.width as i32 - f.char_width() as i32) / 2;
    let y = area.top_left.y + (s as i32 - cap_height) / 2 - cap_top;
    let mut scaled = Scaled {
        target,
        origin: Point::new(x, y),
        scale: f.scale,
    };
    let mut buf = [0u8; 4];
    Text::with_baseline(
        c.encode_utf8(&mut buf),
        Point::zero(),
        MonoTextStyle::new(f.font, color),
        Baseline::Top,
    )
    .draw(&mut scaled)?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Framebuffer

/// An in-memory image, drawn on by the renderers before a driver sends it in one go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framebuffer<C> {
    size: Size,
    pixels: Vec<C>,
}

impl<C: PixelColor> Framebuffer<C> {
    pub fn new(size: Size, color: C) -> Self {
        Framebuffer {
            size,
            pixels: vec![color; size.width as usize * size.height as usize],
        }
    }

    /// The pixels, row after row.
    pub fn pixels(&self) -> &[C] {
        &self.pixels
    }

    /// One row of pixels (empty past the end).
    pub fn row(&self, y: u32) -> &[C] {
        let w = self.size.width as usize;
        let start = (y as usize * w).min(self.pixels.len());
        let end = (start + w).min(self.pixels.len());
        &self.pixels[start..end]
    }
}

impl<C> OriginDimensions for Framebuffer<C> {
    fn size(&self) -> Size {
        self.size
    }
}

impl<C: PixelColor> DrawTarget for Framebuffer<C> {
    type Color = C;
    type Error = core::convert::Infallible;

    fn draw_iter<I>(&mut self, pixels: I) -> Result<(), Self::Error>
    where
        I: IntoIterator<Item = Pixel<C>>,
    {
        let (w, h) = (self.size.width as i32, self.size.height as i32);
        for Pixel(p, c) in pixels {
            if (0..w).contains(&p.x)
                && (0..h).contains(&p.y)
                && let Some(px) = self.pixels.get_mut((p.y * w + p.x) as usize)
            {
                *px = c;
            }
        }
        Ok(())
    }

    fn fill_solid(&mut self, area: &Rectangle, color: C) -> Result<(), Self::Error> {
        let area = area.intersection(&self.bounding_box());
        let w = self.size.width as usize;
        let x0 = area.top_left.x.max(0) as usize;
        let y0 = area.top_left.y.max(0) as usize;
        for y in y0..y0 + area.size.height as usize {
            let start = y * w + x0;
            if let Some(row) = self.pixels.get_mut(start..start + area.size.width as usize) {
                row.fill(color);
            }
        }
        Ok(())
    }
}
