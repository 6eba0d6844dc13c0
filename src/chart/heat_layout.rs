//! Geometry of the heatmap: how tall its header band, rows and caption are,
//! how wide its columns, and whether committee headers are written
//! vertically.
//!
//! Takes the [`Prepared`] heatmap (and, for [`heat_grid`], the drawing area to
//! measure theme labels on); gives sizes in pixels, so that the image size
//! ([`super::render`]) and the drawing ([`super::heatmap`]) agree.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::draw::text_style;
use super::prepare::Prepared;
use super::render::WIDTH;
use super::text::{text_units, vertical_extent};

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
        .heat_themes
        .iter()
        .map(|t| (text_units(t) * HEAT_ROW_FONT) as i32 + 40)
        .max()
        .unwrap_or(0)
        .clamp(120, WIDTH as i32 * 2 / 5);
    let n = p.heat_committees.len() as i32;
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
    let lines = p.heat_committees_vertical.iter().map(Vec::len).max();
    (lines.unwrap_or(1) as i32 * HEAT_V_LINE_PITCH + 16).max(HEAT_V_MIN_COL_W)
}

/// The heatmap's header, grid and caption heights.
pub(super) fn heat_layout(p: &Prepared) -> HeatLayout {
    let header_lines = p
        .heat_committees
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(1)
        .max(1);
    let top = if heat_vertical(p) {
        let extent = p
            .heat_committees_vertical
            .iter()
            .flatten()
            .map(|l| vertical_extent(l, HEAT_HEADER_FONT))
            .max()
            .unwrap_or(0);
        40 + extent
    } else {
        40 + header_lines as i32 * (HEAT_HEADER_FONT * 1.3) as i32
    };
    HeatLayout {
        top,
        cell_h: heat_cell_h(p.heat_themes.len()),
        grid_h: p.heat_themes.len() as i32 * heat_cell_h(p.heat_themes.len()),
        caption_h: 40 + p.heat_caption.len() as i32 * HEAT_CAPTION_PITCH,
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
pub(super) fn heat_grid<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
) -> Result<HeatGrid, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let layout = heat_layout(p);
    let (w, _) = body.dim_in_pixel();
    let w = w as i32;
    let ncols = p.heat_committees.len() as i32;
    let label_max = w * 2 / 5;
    let mut left = 120;
    for t in &p.heat_themes {
        let (tw, _) = body.estimate_text_size(t, &text_style(family, HEAT_ROW_FONT))?;
        left = left.max(tw as i32 + 30);
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
