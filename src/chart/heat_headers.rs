//! Committee headers of the heatmap: across the columns in wrapped lines,
//! or, for many committees, written vertically (縦書き) over narrow columns.
//!
//! Takes the [`Prepared`] header lines and the grid's geometry
//! ([`HeatGrid`]); draws the headers above the grid.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{anchored, fit_text, put_text, text_style, DrawResult};
use super::heat_layout::{heat_vertical, HeatGrid, HEAT_HEADER_FONT, HEAT_V_LINE_PITCH};
use super::prepare::Prepared;
use super::text::{vertical_advance, vertical_extent, SMALL_KANA};

/// Draws the committee headers: vertically when [`heat_vertical`], else
/// across in wrapped lines, one size for all that fits the cells.
pub(super) fn draw_headers<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
    g: &HeatGrid,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    if heat_vertical(p) {
        draw_vertical_headers(body, p, family, g.grid_left, g.cell_w, g.top)
    } else {
        draw_across_headers(body, &p.heat_committees, family, g)
    }
}

/// Committee headers written across in wrapped lines, bottom-aligned over
/// their columns, all at the largest size (20 down to 12 px) that fits.
fn draw_across_headers<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    headers: &[Vec<String>],
    family: &str,
    g: &HeatGrid,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let mut header_font = HEAT_HEADER_FONT;
    'shrink: while header_font > 12.0 {
        for line in headers.iter().flatten() {
            let (tw, _) = body.estimate_text_size(line, &text_style(family, header_font))?;
            if tw as i32 > g.cell_w - 16 {
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
            let (text, size) = fit_text(
                body,
                line,
                family,
                header_font,
                12.0,
                (g.cell_w - 12) as u32,
            )?;
            put_text(
                body,
                &text,
                (x, g.top - 12 - k as i32 * line_pitch),
                &anchored(text_style(family, size), HPos::Center, VPos::Bottom),
            )?;
        }
    }
    Ok(())
}

/// Committee headers written vertically (縦書き), top-aligned, lines from
/// right to left, over columns `cell_w` wide from `grid_left`; the grid
/// starts at `top`.
fn draw_vertical_headers<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    p: &Prepared,
    family: &str,
    grid_left: i32,
    cell_w: i32,
    top: i32,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let font = HEAT_HEADER_FONT;
    let extent = p
        .heat_committees_vertical
        .iter()
        .flatten()
        .map(|l| vertical_extent(l, font))
        .max()
        .unwrap_or(0);
    let y0 = top - 14 - extent;
    let style = anchored(text_style(family, font), HPos::Center, VPos::Center);
    for (j, lines) in p.heat_committees_vertical.iter().enumerate() {
        let cx = grid_left + j as i32 * cell_w + cell_w / 2;
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
                    put_text(
                        body,
                        &shown.to_string(),
                        (x + dx.round() as i32, (y + adv / 2.0 + dy).round() as i32),
                        &style,
                    )?;
                }
                y += adv;
            }
        }
    }
    Ok(())
}
