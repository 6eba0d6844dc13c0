//! Horizontal stacked bars: the meeting chart (`meeting_themes`) and the
//! role chart (`speaker_roles`) are both drawn here.
//!
//! Takes [`StackedBars`] (rows, series and values, prepared by
//! [`super::meetings`] and [`super::roles`]); gives the image height
//! ([`stacked_height`]) and draws the bars with their labels and totals and a
//! legend with its notes ([`draw_stacked`]).

use plotters::coord::types::{RangedCoordf64, RangedCoordu64};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::draw::{anchored, draw_no_data, draw_title, put_text, text_style, DrawResult};
use super::labels::{more_entries, DESC_HITS};

/// Label of one bar: several lines when there is room, else one compact line.
pub(super) struct RowLabel {
    pub(super) lines: Vec<String>,
    pub(super) compact: String,
}

impl RowLabel {
    /// A label of one line.
    pub(super) fn single(text: String) -> Self {
        RowLabel {
            lines: vec![text.clone()],
            compact: text,
        }
    }
}

/// Horizontal stacked bars (meeting and role charts).
pub(super) struct StackedBars {
    pub(super) title: String,
    pub(super) legend_title: &'static str,
    /// One label per bar, top to bottom.
    pub(super) rows: Vec<RowLabel>,
    /// Legend text and colour of each series.
    pub(super) series: Vec<(String, RGBColor)>,
    /// `values[row][series]`.
    pub(super) values: Vec<Vec<u64>>,
    /// Lines under the legend (e.g. which themes were lumped).
    pub(super) note: Vec<String>,
}

/// Image height of a stacked bar chart: room for its bars and its legend.
pub(super) fn stacked_height(sb: &StackedBars) -> u32 {
    // Pitch shrinks for long lists so that the bitmap stays under ~3000 px
    // (the meeting chart has at most `MAX_MEETING_BARS` bars anyway).
    let rows = sb.rows.len();
    let pitch = if rows <= 100 {
        28
    } else {
        (2_800 / rows as u32).max(2)
    };
    let bars = 200 + rows as u32 * pitch;
    // Tall enough for the legend too (up to 60 entries; beyond, "ほか N 件").
    let legend =
        80 + 20 + 60 + sb.series.len().min(60) as u32 * 34 + 16 + sb.note.len() as u32 * 28 + 20;
    if sb.rows.is_empty() {
        bars
    } else {
        bars.max(legend)
    }
}

/// Text size of the legend entries.
const LEGEND_FONT: f64 = 21.0;
/// Text size of the notes under the legend.
const NOTE_FONT: f64 = 18.0;
/// Text size and line spacing of bar labels of several lines.
const MULTI_FONT: f64 = 20.0;
const MULTI_PITCH: f64 = MULTI_FONT * 1.3;

/// The plot of the bars: hits across, rows up.
type BarChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordu64, RangedCoordf64>>;

/// How the bars and their labels are laid out.
struct RowLayout {
    /// Bars.
    n: usize,
    /// Height of one bar's row in pixels.
    pitch: f64,
    /// Whether bars are labelled with their several lines.
    multi: bool,
    /// Size of the bar labels.
    font: f64,
    /// Width of the label area left of the bars.
    label_w: i32,
}

impl RowLayout {
    /// Rows of `sb` over a plot `h` px tall; several label lines per bar when
    /// they fit, else one compact line.
    fn new<DB: DrawingBackend>(
        body: &DrawingArea<DB, Shift>,
        sb: &StackedBars,
        family: &str,
        h: u32,
    ) -> Result<Self, Box<dyn std::error::Error>>
    where
        DB::ErrorType: 'static,
    {
        let n = sb.rows.len();
        let pitch = f64::from(h.saturating_sub(80)) / n as f64;
        let max_lines = sb.rows.iter().map(|r| r.lines.len()).max().unwrap_or(1);
        let multi = max_lines > 1 && pitch >= max_lines as f64 * MULTI_PITCH + 10.0;
        let font = if multi {
            MULTI_FONT
        } else {
            (pitch * 0.62).clamp(8.0, 20.0)
        };
        let mut layout = RowLayout {
            n,
            pitch,
            multi,
            font,
            label_w: 60,
        };
        for r in &sb.rows {
            for line in layout.lines(r) {
                let (tw, _) = body.estimate_text_size(&line, &text_style(family, font))?;
                layout.label_w = layout.label_w.max(tw as i32 + 24);
            }
        }
        Ok(layout)
    }

    /// The lines drawn for label `r`.
    fn lines(&self, r: &RowLabel) -> Vec<String> {
        if self.multi {
            r.lines.clone()
        } else {
            vec![r.compact.clone()]
        }
    }
}

/// Draws `sb` on `root`: title, bars with labels and totals, legend.
pub(super) fn draw_stacked<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    sb: &StackedBars,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let body = draw_title(root, &sb.title, family)?;
    let totals: Vec<u64> = sb.values.iter().map(|r| r.iter().sum()).collect();
    if sb.rows.is_empty() || sb.series.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let (w, h) = body.dim_in_pixel();
    let legend_w = legend_width(&body, sb, family)?;
    let (plot_area, legend_area) = body.split_horizontally(w as i32 - legend_w);
    let rows = RowLayout::new(&body, sb, family, h)?;
    let xmax = totals.iter().copied().max().unwrap_or(0).max(1);
    let xmax = (xmax as f64 * 1.1).ceil() as u64 + 1;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(16)
        .margin_right(30)
        .x_label_area_size(64)
        .y_label_area_size(rows.label_w)
        .build_cartesian_2d(0u64..xmax, 0f64..rows.n as f64)?;
    chart
        .configure_mesh()
        .x_labels(10)
        .y_labels(0)
        .disable_y_mesh()
        .x_desc(DESC_HITS)
        .label_style(text_style(family, 18.0))
        .axis_desc_style(text_style(family, 20.0))
        .bold_line_style(RGBColor(0, 0, 0).mix(0.15))
        .light_line_style(TRANSPARENT)
        .draw()?;
    draw_bars(root, &mut chart, sb, &rows, family)?;
    draw_legend(&legend_area, sb, family)
}

/// Width of the legend right of the bars, sized to its longest entry and
/// note line, at most a third of the width.
fn legend_width<DB: DrawingBackend>(
    body: &DrawingArea<DB, Shift>,
    sb: &StackedBars,
    family: &str,
) -> Result<i32, Box<dyn std::error::Error>>
where
    DB::ErrorType: 'static,
{
    let (w, _) = body.dim_in_pixel();
    let mut legend_w = 180;
    for (name, _) in &sb.series {
        let (tw, _) = body.estimate_text_size(name, &text_style(family, LEGEND_FONT))?;
        legend_w = legend_w.max(tw as i32 + 80);
    }
    for line in &sb.note {
        let (tw, _) = body.estimate_text_size(line, &text_style(family, NOTE_FONT))?;
        legend_w = legend_w.max(tw as i32 + 40);
    }
    Ok(legend_w.min(w as i32 / 3))
}

/// Each bar, its label on the left (on every few rows when rows are thinner
/// than the smallest text) and its total on the right; text is placed on
/// `root` at the chart's pixel positions.
fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: &mut BarChart<'_, DB>,
    sb: &StackedBars,
    rows: &RowLayout,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let (n, pitch) = (rows.n, rows.pitch);
    let gap = if pitch > 6.0 { 0.15 } else { 0.02 };
    let label_every = if pitch >= 9.0 {
        1
    } else {
        (9.0 / pitch.max(0.1)).ceil() as usize
    };
    let base = root.get_base_pixel();
    for (i, (label, row)) in sb.rows.iter().zip(&sb.values).enumerate() {
        // Row i from the top.
        let yc = n as f64 - i as f64 - 0.5;
        let (y_top, y_bottom) = (yc + 0.5 - gap, yc - 0.5 + gap);
        let mut x = 0u64;
        for (v, (_, color)) in row.iter().zip(&sb.series) {
            if *v == 0 {
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [(x, y_top), (x + v, y_bottom)],
                color.filled(),
            )))?;
            x += v;
        }
        let (px, py) = chart.backend_coord(&(0, yc));
        let lines = if i % label_every == 0 {
            rows.lines(label)
        } else {
            Vec::new()
        };
        let first = -(lines.len().saturating_sub(1) as f64) * MULTI_PITCH / 2.0;
        for (k, line) in lines.iter().enumerate() {
            let dy = (first + k as f64 * MULTI_PITCH).round() as i32;
            let color = if k == 0 || !rows.multi {
                BLACK
            } else {
                RGBColor(60, 60, 60)
            };
            put_text(
                root,
                line,
                (px - base.0 - 10, py - base.1 + dy),
                &anchored(
                    text_style(family, rows.font).color(&color),
                    HPos::Right,
                    VPos::Center,
                ),
            )?;
        }
        if pitch >= 14.0 {
            let (ex, _) = chart.backend_coord(&(x, yc));
            put_text(
                root,
                &x.to_string(),
                (ex - base.0 + 6, py - base.1),
                &anchored(
                    text_style(family, rows.font.min(20.0) * 0.9).color(&RGBColor(70, 70, 70)),
                    HPos::Left,
                    VPos::Center,
                ),
            )?;
        }
    }
    Ok(())
}

/// The legend right of the bars (as many entries as fit, then "ほか N 件"),
/// then its note.
fn draw_legend<DB: DrawingBackend>(
    legend_area: &DrawingArea<DB, Shift>,
    sb: &StackedBars,
    family: &str,
) -> DrawResult
where
    DB::ErrorType: 'static,
{
    let legend = legend_area.margin(20, 10, 10, 10);
    put_text(
        &legend,
        sb.legend_title,
        (0, 12),
        &anchored(text_style(family, 26.0), HPos::Left, VPos::Center),
    )?;
    let (_, lh) = legend.dim_in_pixel();
    let lpitch = 34;
    let note_pitch = 28;
    let note_h = if sb.note.is_empty() {
        0
    } else {
        16 + sb.note.len() as i32 * note_pitch
    };
    let fit = ((lh as i32 - 60 - note_h) / lpitch).max(1) as usize;
    let shown = if sb.series.len() > fit {
        fit - 1
    } else {
        sb.series.len()
    };
    for (i, (name, color)) in sb.series.iter().take(shown).enumerate() {
        let y = 56 + i as i32 * lpitch;
        legend.draw(&Rectangle::new([(0, y - 11), (30, y + 11)], color.filled()))?;
        put_text(
            &legend,
            name,
            (42, y),
            &anchored(text_style(family, LEGEND_FONT), HPos::Left, VPos::Center),
        )?;
    }
    let mut y = 56 + shown as i32 * lpitch;
    if shown < sb.series.len() {
        put_text(
            &legend,
            &more_entries(sb.series.len() - shown),
            (42, y),
            &anchored(text_style(family, LEGEND_FONT), HPos::Left, VPos::Center),
        )?;
        y += lpitch;
    }
    y += 6;
    for line in &sb.note {
        put_text(
            &legend,
            line,
            (0, y),
            &anchored(
                text_style(family, NOTE_FONT).color(&RGBColor(90, 90, 90)),
                HPos::Left,
                VPos::Center,
            ),
        )?;
        y += note_pitch;
    }
    Ok(())
}
