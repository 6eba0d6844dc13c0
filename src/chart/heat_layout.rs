//! Geometry and committee headers of the heatmap: how tall its header band,
//! rows and caption are, how wide its columns, so that the image size
//! ([`super::render`]) and the drawing agree; headers written across in
//! wrapped lines or, for many committees, vertically (縦書き).

use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{fit_text, style_at, text_width, Area, Db, DrawResult, PutText, CENTER};
use super::heatmap::HeatDraw;
use super::prepare::Prepared;
use super::render::WIDTH;
use super::text::{text_units, vertical_advance, vertical_extent, SMALL_KANA};

/// Committee header lines of the heatmap: width (full-width chars) and count.
pub(super) const HEADER_LINE_UNITS: f64 = 14.0;
pub(super) const HEADER_MAX_LINES: usize = 3;

/// Heatmap geometry that does not need text measuring.
pub(super) struct HeatLayout {
    /// Height of the committee header band (top of the grid).
    pub(super) top: i32,
    /// Height of a row.
    pub(super) cell_h: i32,
    /// Height of all rows.
    pub(super) grid_h: i32,
    /// Height of the caption under the grid.
    pub(super) caption_h: i32,
}

/// Size of the theme labels left of the rows.
pub(super) const HEAT_ROW_FONT: f64 = 20.0;
/// Least height of a heatmap row (few rows get taller ones).
pub(super) const HEAT_CELL_H: i32 = 50;
/// Size of the committee headers (across ones may shrink to fit).
pub(super) const HEAT_HEADER_FONT: f64 = 20.0;
/// Column width under headers written across: least and most.
pub(super) const HEAT_MIN_COL_W: i32 = 230;
pub(super) const HEAT_MAX_COL_W: i32 = 360;
/// Room right of the grid for the colour scale.
pub(super) const HEAT_SCALE_W: i32 = 190;
/// Least margin left and right of the block.
pub(super) const HEAT_MARGIN: i32 = 40;
/// Least height of the colour scale (the grid may be shorter).
pub(super) const HEAT_MIN_SCALE_H: i32 = 150;
/// Spacing of the caption lines.
pub(super) const HEAT_CAPTION_PITCH: i32 = 32;

/// Height of a row when there are `rows`.
fn heat_cell_h(rows: usize) -> i32 {
    (400 / rows.max(1) as i32).clamp(HEAT_CELL_H, 80)
}

/// Width of the heatmap image with columns `col_w` wide, theme labels at
/// the nominal size estimated from their chars.
pub(super) fn heat_width(p: &Prepared, col_w: i32) -> i32 {
    let left = p
        .heat
        .themes
        .iter()
        .map(|t| (text_units(t) * HEAT_ROW_FONT) as i32 + 40)
        .max()
        .unwrap_or(0)
        .clamp(120, WIDTH as i32 * 2 / 5);
    let n = p.heat.committees.len() as i32;
    2 * HEAT_MARGIN + left + n * col_w + HEAT_SCALE_W
}

/// Heatmaps whose committee headers, written across, would make the image
/// wider than this get vertical headers (縦書き) and narrow columns.
const HEAT_VERTICAL_ABOVE: i32 = 2400;
/// Vertical header lines: length (full-width chars), count, spacing.
pub(super) const HEAT_V_LINE_UNITS: f64 = 12.0;
pub(super) const HEAT_V_MAX_LINES: usize = 4;
pub(super) const HEAT_V_LINE_PITCH: i32 = 25;
/// Least width of a column under a vertical header (room for `120.1 ▲`).
const HEAT_V_MIN_COL_W: i32 = 104;

/// Whether the heatmap's committee headers are written vertically.
pub(super) fn heat_vertical(p: &Prepared) -> bool {
    heat_width(p, HEAT_MIN_COL_W) > HEAT_VERTICAL_ABOVE
}

/// Column width of a heatmap with vertical headers.
pub(super) fn heat_vertical_col_w(p: &Prepared) -> i32 {
    let lines = p.heat.committees_vertical.iter().map(Vec::len).max();
    (lines.unwrap_or(1) as i32 * HEAT_V_LINE_PITCH + 16).max(HEAT_V_MIN_COL_W)
}

/// The heatmap's header, grid and caption heights.
pub(super) fn heat_layout(p: &Prepared) -> HeatLayout {
    let header_lines = p
        .heat
        .committees
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(1);
    let top = if heat_vertical(p) {
        40 + vertical_header_extent(p)
    } else {
        40 + header_lines as i32 * (HEAT_HEADER_FONT * 1.3) as i32
    };
    HeatLayout {
        top,
        cell_h: heat_cell_h(p.heat.themes.len()),
        grid_h: p.heat.themes.len() as i32 * heat_cell_h(p.heat.themes.len()),
        caption_h: 40 + p.heat.caption.len() as i32 * HEAT_CAPTION_PITCH,
    }
}

/// Where the heatmap's parts go, in pixels of the area under the title.
pub(super) struct HeatGrid {
    /// Left edge of the block of labels, grid and scale (centred).
    pub(super) x0: i32,
    /// Width of the theme labels' column.
    pub(super) left: i32,
    /// Left edge of the first column.
    pub(super) grid_left: i32,
    /// Top of the grid (under the committee headers).
    pub(super) top: i32,
    pub(super) cell_w: i32,
    pub(super) cell_h: i32,
    /// Height of all rows.
    pub(super) grid_h: i32,
    /// Committee columns.
    pub(super) ncols: i32,
}

impl HeatGrid {
    /// Bottom of the colour scale, at least [`HEAT_MIN_SCALE_H`] under the top.
    pub(super) fn scale_bottom(&self) -> i32 {
        self.top + self.grid_h.max(HEAT_MIN_SCALE_H)
    }
}

/// The heatmap's grid on `body`: theme labels at full length unless they
/// would take more than two fifths of the width, columns as wide as the rest
/// allows (within limits), the block centred.
pub(super) fn heat_grid<DB: Db>(
    body: &Area<DB>,
    p: &Prepared,
    family: &str,
) -> DrawResult<HeatGrid> {
    let layout = heat_layout(p);
    let (w, _) = body.dim_in_pixel();
    let w = w as i32;
    let ncols = p.heat.committees.len() as i32;
    let label_max = w * 2 / 5;
    let mut left = 120;
    for t in &p.heat.themes {
        left = left.max(text_width(body, t, family, HEAT_ROW_FONT)? + 30);
    }
    let left = left.min(label_max);
    let cell_w = ((w - 2 * HEAT_MARGIN - left - HEAT_SCALE_W) / ncols).clamp(60, HEAT_MAX_COL_W);
    let block_w = left + ncols * cell_w + HEAT_SCALE_W;
    let x0 = ((w - block_w) / 2).max(HEAT_MARGIN);
    Ok(HeatGrid {
        x0,
        left,
        grid_left: x0 + left,
        top: layout.top,
        cell_w,
        cell_h: layout.cell_h,
        grid_h: layout.grid_h,
        ncols,
    })
}

/// Height of the tallest vertical header line.
fn vertical_header_extent(p: &Prepared) -> i32 {
    let lines = p.heat.committees_vertical.iter().flatten();
    lines
        .map(|l| vertical_extent(l, HEAT_HEADER_FONT))
        .max()
        .unwrap_or(0)
}

impl<DB: Db> HeatDraw<'_, DB> {
    /// Draws the committee headers: vertically when [`heat_vertical`], else
    /// across in wrapped lines.
    pub(super) fn draw_headers(&self) -> DrawResult {
        if heat_vertical(self.p) {
            self.draw_vertical_headers()
        } else {
            self.draw_across_headers()
        }
    }

    /// Committee headers written across in wrapped lines, bottom-aligned over
    /// their columns, all at the largest size (20 down to 12 px) that fits.
    fn draw_across_headers(&self) -> DrawResult {
        let (body, family, g) = (&self.body, self.family, &self.g);
        let headers = &self.p.heat.committees;
        let mut header_font = HEAT_HEADER_FONT;
        'shrink: while header_font > 12.0 {
            for line in headers.iter().flatten() {
                if text_width(body, line, family, header_font)? > g.cell_w - 16 {
                    header_font -= 1.0;
                    continue 'shrink;
                }
            }
            break;
        }
        let line_pitch = (HEAT_HEADER_FONT * 1.3) as i32;
        for (j, lines) in headers.iter().enumerate() {
            let x = g.grid_left + j as i32 * g.cell_w + g.cell_w / 2;
            for (k, line) in lines.iter().rev().enumerate() {
                let (text, size) =
                    fit_text(body, line, family, (header_font, 12.0), g.cell_w - 12)?;
                let style = style_at(family, size, (HPos::Center, VPos::Bottom));
                body.put(&text, (x, g.top - 12 - k as i32 * line_pitch), &style)?;
            }
        }
        Ok(())
    }

    /// Committee headers written vertically (縦書き), top-aligned, lines from
    /// right to left over their columns.
    fn draw_vertical_headers(&self) -> DrawResult {
        let (font, g, p) = (HEAT_HEADER_FONT, &self.g, self.p);
        let y0 = g.top - 14 - vertical_header_extent(p);
        let style = style_at(self.family, font, CENTER);
        for (j, lines) in p.heat.committees_vertical.iter().enumerate() {
            let cx = g.grid_left + j as i32 * g.cell_w + g.cell_w / 2;
            let m = lines.len() as i32;
            for (k, line) in lines.iter().enumerate() {
                let x = cx + (m - 1) * HEAT_V_LINE_PITCH / 2 - k as i32 * HEAT_V_LINE_PITCH;
                let mut y = f64::from(y0);
                for c in line.chars() {
                    let adv = vertical_advance(c) * font * 1.05;
                    if !c.is_whitespace() {
                        let shown = p.vertical_forms.get(&c).copied().unwrap_or(c);
                        // Small kana sit at the top right of their cell.
                        let (dx, dy) = if SMALL_KANA.contains(c) {
                            (font * 0.18, -font * 0.2)
                        } else {
                            (0.0, 0.0)
                        };
                        let at = (x + dx.round() as i32, (y + adv / 2.0 + dy).round() as i32);
                        self.body.put(&shown.to_string(), at, &style)?;
                    }
                    y += adv;
                }
            }
        }
        Ok(())
    }
}
