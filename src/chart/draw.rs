//! Drawing pieces shared by the charts: text styles, titles, the no-data
//! note, text fitted to a width, legend entries and the series colours.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::prepare::{more_entries, NO_DATA};
use super::text::{truncate_chars, ELLIPSIS};

/// What drawing gives: a `T`, or plotters' errors, boxed.
pub(super) type DrawResult<T = ()> = Result<T, Box<dyn std::error::Error>>;
/// A drawing area in pixels.
pub(super) type Area<DB> = DrawingArea<DB, Shift>;
/// A plotters backend whose errors can be boxed.
pub(super) trait Db: DrawingBackend<ErrorType: 'static> {}
impl<T: DrawingBackend<ErrorType: 'static>> Db for T {}

/// Anchors of drawn text.
pub(super) const LEFT: (HPos, VPos) = (HPos::Left, VPos::Center);
pub(super) const RIGHT: (HPos, VPos) = (HPos::Right, VPos::Center);
pub(super) const CENTER: (HPos, VPos) = (HPos::Center, VPos::Center);

/// Black text of `family` at `size` px.
pub(super) fn text_style(family: &str, size: f64) -> TextStyle<'_> {
    (family, size).into_font().color(&BLACK)
}

/// [`text_style`] anchored at `(h, v)` of the drawing position.
pub(super) fn style_at(family: &str, size: f64, (h, v): (HPos, VPos)) -> TextStyle<'_> {
    text_style(family, size).pos(Pos::new(h, v))
}

/// Grey text anchored at its left.
pub(super) fn grey(family: &str, size: f64, level: u8) -> TextStyle<'_> {
    let mut style = style_at(family, size, LEFT);
    style.color = RGBColor(level, level, level).to_backend_color();
    style
}

/// Text drawn at pixel positions of an area.
pub(super) trait PutText {
    /// Draws `text` at pixel `pos` (area-relative) in `style`.
    fn put(&self, text: &str, pos: (i32, i32), style: &TextStyle<'_>) -> DrawResult;
}

impl<DB: Db> PutText for Area<DB> {
    fn put(&self, text: &str, pos: (i32, i32), style: &TextStyle<'_>) -> DrawResult {
        self.draw(&Text::new(text.to_string(), pos, style.clone()))?;
        Ok(())
    }
}

/// Width in pixels of `text` at `size` px.
pub(super) fn text_width<DB: Db>(
    area: &Area<DB>,
    text: &str,
    family: &str,
    size: f64,
) -> DrawResult<i32> {
    Ok(area.estimate_text_size(text, &text_style(family, size))?.0 as i32)
}

/// Title centred at the top; returns the area below it.
pub(super) fn draw_title<DB: Db>(
    root: &Area<DB>,
    title: &str,
    family: &str,
) -> DrawResult<Area<DB>> {
    let (w, _) = root.dim_in_pixel();
    let (top, rest) = root.split_vertically(80);
    top.put(title, (w as i32 / 2, 44), &style_at(family, 40.0, CENTER))?;
    Ok(rest)
}

/// The grey `データなし` note centred in `area`.
pub(super) fn draw_no_data<DB: Db>(area: &Area<DB>, family: &str, size: f64) -> DrawResult {
    let (w, h) = area.dim_in_pixel();
    let style = style_at(family, size, CENTER).color(&RGBColor(110, 110, 110));
    area.put(NO_DATA, (w as i32 / 2, h as i32 / 2), &style)
}

/// `text` at the largest size in `[min, max]` that fits `width`, else cut with `…`.
pub(super) fn fit_text<DB: Db>(
    area: &Area<DB>,
    text: &str,
    family: &str,
    (max, min): (f64, f64),
    width: i32,
) -> DrawResult<(String, f64)> {
    let mut size = max;
    loop {
        if text_width(area, text, family, size)? <= width {
            return Ok((text.to_string(), size));
        }
        if size - 1.0 < min {
            break;
        }
        size -= 1.0;
    }
    for keep in (1..text.chars().count()).rev() {
        let cut = truncate_chars(text, keep);
        if text_width(area, &cut, family, size)? <= width {
            return Ok((cut, size));
        }
    }
    Ok((ELLIPSIS.to_string(), size))
}

/// A legend in `area`: `title` at the top, then entries 34 px apart from
/// y = 56, as many of `n` as fit above `reserved` px (the last slot then says
/// "ほか N 件"), text at x = `text_x`. Draws each entry's swatch with
/// `swatch(y, i)` and its text `name(i)`; returns the y under the list.
pub(super) fn draw_legend_list<DB: Db>(
    area: &Area<DB>,
    family: &str,
    title: &str,
    (n, reserved, text_x): (usize, i32, i32),
    mut swatch: impl FnMut(i32, usize) -> DrawResult,
    name: impl Fn(usize) -> String,
) -> DrawResult<i32> {
    area.put(title, (0, 12), &style_at(family, 26.0, LEFT))?;
    let style = style_at(family, 21.0, LEFT);
    let fit = ((area.dim_in_pixel().1 as i32 - reserved) / 34).max(1) as usize;
    let shown = if n > fit { fit - 1 } else { n };
    for i in 0..shown {
        let y = 56 + i as i32 * 34;
        swatch(y, i)?;
        area.put(&name(i), (text_x, y), &style)?;
    }
    let mut y = 56 + shown as i32 * 34;
    if shown < n {
        area.put(&more_entries(n - shown), (text_x, y), &style)?;
        y += 34;
    }
    Ok(y)
}

/// Tableau 10 and two colours far from it (navy, gold), then plotters'
/// Palette99.
pub(super) fn series_color(i: usize) -> RGBColor {
    const BASE: [u32; 12] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22,
        0x17becf, 0x00006e, 0xffd200,
    ];
    match BASE.get(i) {
        Some(&c) => RGBColor((c >> 16) as u8, (c >> 8) as u8, c as u8),
        None => {
            let c = Palette99::pick(i - BASE.len()).to_rgba();
            RGBColor(c.0, c.1, c.2)
        }
    }
}

/// Colour of the lumped themes.
pub(super) const OTHER_COLOR: RGBColor = RGBColor(214, 214, 214);
