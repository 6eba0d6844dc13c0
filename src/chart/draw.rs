//! Drawing pieces shared by the charts: text styles, titles, the no-data
//! note, text fitted to a width, and the series colours.
//!
//! Takes plotters drawing areas and a font family; gives text drawn at pixel
//! positions and the palette, so that every chart looks alike.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::NO_DATA;
use super::text::{truncate_chars, ELLIPSIS};

/// What drawing one chart gives: plotters' errors, boxed.
pub(super) type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// Black text of `family` at `size` px.
pub(super) fn text_style(family: &str, size: f64) -> TextStyle<'_> {
    (family, size).into_font().color(&BLACK)
}

/// `style` anchored at `h`, `v` of the drawing position.
pub(super) fn anchored(style: TextStyle<'_>, h: HPos, v: VPos) -> TextStyle<'_> {
    style.pos(Pos::new(h, v))
}

/// Draws `text` at pixel `pos` of `area` (area-relative).
pub(super) fn put_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    pos: (i32, i32),
    style: &TextStyle<'_>,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    area.draw(&Text::new(text.to_string(), pos, style.clone()))?;
    Ok(())
}

/// Title centred at the top; returns the area below it.
pub(super) fn draw_title<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    family: &str,
) -> Result<DrawingArea<DB, Shift>, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (w, _) = root.dim_in_pixel();
    let (top, rest) = root.split_vertically(80);
    put_text(
        &top,
        title,
        (w as i32 / 2, 44),
        &anchored(text_style(family, 40.0), HPos::Center, VPos::Center),
    )?;
    Ok(rest)
}

/// The grey `データなし` note centred in `area`.
pub(super) fn draw_no_data<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    family: &str,
    size: f64,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (w, h) = area.dim_in_pixel();
    put_text(
        area,
        NO_DATA,
        (w as i32 / 2, h as i32 / 2),
        &anchored(
            text_style(family, size).color(&RGBColor(110, 110, 110)),
            HPos::Center,
            VPos::Center,
        ),
    )
}

/// `text` at the largest size in `[min, max]` that fits `width`, else cut with `…`.
pub(super) fn fit_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    family: &str,
    max: f64,
    min: f64,
    width: u32,
) -> Result<(String, f64), Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let mut size = max;
    loop {
        let (tw, _) = area.estimate_text_size(text, &text_style(family, size))?;
        if tw <= width {
            return Ok((text.to_string(), size));
        }
        if size - 1.0 < min {
            break;
        }
        size -= 1.0;
    }
    let n = text.chars().count();
    for keep in (1..n).rev() {
        let cut = truncate_chars(text, keep);
        let (tw, _) = area.estimate_text_size(&cut, &text_style(family, size))?;
        if tw <= width {
            return Ok((cut, size));
        }
    }
    Ok((ELLIPSIS.to_string(), size))
}

/// Tableau 10 and two colours far from it (navy, gold), then plotters'
/// Palette99.
pub(super) fn series_color(i: usize) -> RGBColor {
    const BASE: [(u8, u8, u8); 12] = [
        (31, 119, 180),
        (255, 127, 14),
        (44, 160, 44),
        (214, 39, 40),
        (148, 103, 189),
        (140, 86, 75),
        (227, 119, 194),
        (127, 127, 127),
        (188, 189, 34),
        (23, 190, 207),
        (0, 0, 110),
        (255, 210, 0),
    ];
    if i < BASE.len() {
        let (r, g, b) = BASE[i];
        RGBColor(r, g, b)
    } else {
        let c = Palette99::pick(i - BASE.len()).to_rgba();
        RGBColor(c.0, c.1, c.2)
    }
}

/// Colour of the lumped themes.
pub(super) const OTHER_COLOR: RGBColor = RGBColor(214, 214, 214);
