//! Horizontal stacked bars, drawn for the meeting and role charts from
//! [`StackedBars`] (prepared in [`super::bars`]): bars with labels and
//! totals, and a legend with its notes.

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::draw::{
    draw_legend_list, draw_no_data, draw_title, grey, style_at, text_style, PutText,
};
use super::draw::{text_width, Area, Db, DrawResult, RIGHT};

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
    pub(super) values: Vec<Vec<f64>>,
    /// What the x axis counts.
    pub(super) x_desc: &'static str,
    /// Decimals of each bar's total.
    pub(super) decimals: usize,
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
type BarChart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

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
    fn new<DB: Db>(body: &Area<DB>, sb: &StackedBars, family: &str, h: u32) -> DrawResult<Self> {
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
                layout.label_w = layout
                    .label_w
                    .max(text_width(body, &line, family, font)? + 24);
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
pub(super) fn draw_stacked<DB: Db>(root: &Area<DB>, sb: &StackedBars, family: &str) -> DrawResult {
    let body = draw_title(root, &sb.title, family)?;
    let totals: Vec<f64> = sb.values.iter().map(|r| r.iter().sum()).collect();
    if sb.rows.is_empty() || sb.series.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let (w, h) = body.dim_in_pixel();
    let legend_w = legend_width(&body, sb, family)?;
    let (plot_area, legend_area) = body.split_horizontally(w as i32 - legend_w);
    let rows = RowLayout::new(&body, sb, family, h)?;
    let xmax = totals.iter().copied().fold(0.0, f64::max).max(1.0);
    let xmax = (xmax * 1.1).ceil() + 1.0;
    let mut chart = ChartBuilder::on(&plot_area)
        .margin(16)
        .margin_right(30)
        .x_label_area_size(64)
        .y_label_area_size(rows.label_w)
        .build_cartesian_2d(0f64..xmax, 0f64..rows.n as f64)?;
    chart
        .configure_mesh()
        .x_labels(10)
        .y_labels(0)
        .disable_y_mesh()
        .x_desc(sb.x_desc)
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
fn legend_width<DB: Db>(body: &Area<DB>, sb: &StackedBars, family: &str) -> DrawResult<i32> {
    let (w, _) = body.dim_in_pixel();
    let mut legend_w = 180;
    for (name, _) in &sb.series {
        legend_w = legend_w.max(text_width(body, name, family, LEGEND_FONT)? + 80);
    }
    for line in &sb.note {
        legend_w = legend_w.max(text_width(body, line, family, NOTE_FONT)? + 40);
    }
    Ok(legend_w.min(w as i32 / 3))
}

/// Each bar, its label on the left (on every few rows when rows are thinner
/// than the smallest text) and its total on the right; text is placed on
/// `root` at the chart's pixel positions.
fn draw_bars<DB: Db>(
    root: &Area<DB>,
    chart: &mut BarChart<'_, DB>,
    sb: &StackedBars,
    rows: &RowLayout,
    family: &str,
) -> DrawResult {
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
        let mut x = 0f64;
        for (v, (_, color)) in row.iter().zip(&sb.series) {
            if *v <= 0.0 {
                continue;
            }
            let rect = Rectangle::new([(x, y_top), (x + v, y_bottom)], color.filled());
            chart.draw_series(std::iter::once(rect))?;
            x += v;
        }
        let (px, py) = chart.backend_coord(&(0.0, yc));
        let lines = if i % label_every == 0 {
            rows.lines(label)
        } else {
            Vec::new()
        };
        let first = -(lines.len().saturating_sub(1) as f64) * MULTI_PITCH / 2.0;
        for (k, line) in lines.iter().enumerate() {
            let dy = (first + k as f64 * MULTI_PITCH).round() as i32;
            let second = k > 0 && rows.multi;
            let color = if second { RGBColor(60, 60, 60) } else { BLACK };
            let style = style_at(family, rows.font, RIGHT).color(&color);
            root.put(line, (px - base.0 - 10, py - base.1 + dy), &style)?;
        }
        if pitch >= 14.0 {
            let (ex, _) = chart.backend_coord(&(x, yc));
            let style = grey(family, rows.font.min(20.0) * 0.9, 70);
            let total = format!("{x:.*}", sb.decimals);
            root.put(&total, (ex - base.0 + 6, py - base.1), &style)?;
        }
    }
    Ok(())
}

/// The legend right of the bars (as many entries as fit, then "ほか N 件"),
/// then its note.
fn draw_legend<DB: Db>(legend_area: &Area<DB>, sb: &StackedBars, family: &str) -> DrawResult {
    let legend = legend_area.margin(20, 10, 10, 10);
    let note_h = match sb.note.len() {
        0 => 0,
        n => 16 + n as i32 * 28,
    };
    let swatch = |y, i: usize| -> DrawResult {
        let rect = Rectangle::new([(0, y - 11), (30, y + 11)], sb.series[i].1.filled());
        Ok(legend.draw(&rect)?)
    };
    let entries = (sb.series.len(), 60 + note_h, 42);
    let name = |i: usize| sb.series[i].0.clone();
    let mut y = draw_legend_list(&legend, family, sb.legend_title, entries, swatch, name)? + 6;
    for line in &sb.note {
        legend.put(line, (0, y), &grey(family, NOTE_FONT, 90))?;
        y += 28;
    }
    Ok(())
}
