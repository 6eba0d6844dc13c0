//! The heatmap (`committee_themes`): one row per theme, one column per
//! committee, cells showing hits per 10,000 tokens, coloured on each row's own
//! scale (the rate over the row's highest, so that one theme's outlier does not
//! wash out the others), and marked where the committee differs from the others
//! (G², Benjamini–Hochberg adjusted q below the level). Prepared from the
//! committee × theme cells ([`prepare_heatmap`]) and drawn ([`draw_heatmap`])
//! with the headers and sizes of [`super::heat_layout`].

use std::collections::{BTreeSet, HashMap, HashSet};

use plotters::prelude::*;

use super::draw::{draw_no_data, draw_title, fit_text, style_at, text_width, PutText};
use super::draw::{Area, Db, DrawResult, CENTER, LEFT, RIGHT};
use super::heat_layout::{heat_grid, HeatGrid, HEADER_LINE_UNITS, HEADER_MAX_LINES};
use super::heat_layout::{HEAT_CAPTION_PITCH, HEAT_ROW_FONT, HEAT_V_LINE_UNITS, HEAT_V_MAX_LINES};
use super::prepare::{fmt_rate, heat_caption, heat_top_note, theme_totals, Prepared, Themes};
use super::prepare::{HEAT_MISSING, HEAT_SCALE, MARK_DOWN, MARK_SIG, MARK_UP, TITLE_HEATMAP};
use super::text::{wrap_label, wrap_label_loose};
use super::{ChartData, CommitteeThemeCell};

/// Most heatmap rows when `themes_shown` is `None`.
const MAX_HEAT_THEMES: usize = 20;

/// One drawn cell.
pub(super) struct HeatCell {
    /// Hits per 10,000 tokens.
    pub(super) value: f64,
    /// Mark text when significant.
    pub(super) mark: Option<&'static str>,
}

/// What the heatmap shows.
pub(super) struct Heat {
    /// Rows: theme labels.
    pub(super) themes: Vec<String>,
    /// Columns: committee names wrapped into header lines.
    pub(super) committees: Vec<Vec<String>>,
    /// The same names wrapped into vertical header lines.
    pub(super) committees_vertical: Vec<Vec<String>>,
    /// `cells[theme][committee]`; `None` where there is no (finite) value.
    pub(super) cells: Vec<Vec<Option<HeatCell>>>,
    /// Lines under the heatmap.
    pub(super) caption: Vec<String>,
    /// Its title (what the columns are).
    pub(super) title: String,
}

/// The heatmap's rows (the [`MAX_HEAT_THEMES`] themes with most hits, or
/// the chosen ones), columns (committees with a cell of them, by name) and
/// cells, marked where `p_value < significance`.
pub(super) fn prepare_heatmap(data: &ChartData, themes: &Themes, significance: f64) -> Heat {
    let hits = data
        .committee_cells
        .iter()
        .map(|c| (c.theme.as_str(), c.hits));
    let ids = themes.capped(&theme_totals(hits), MAX_HEAT_THEMES);
    let cell_of = first_cells(data, &ids);
    let committees: BTreeSet<&str> = cell_of.keys().map(|(c, _)| *c).collect();
    let committees: Vec<String> = committees.into_iter().map(str::to_string).collect();
    let cell = |committee: &String, theme: &String| {
        let c = cell_of.get(&(committee.as_str(), theme.as_str()));
        c.filter(|c| c.per_10k_tokens.is_finite())
            .map(|c| heat_cell(c, significance))
    };
    let cells = ids
        .iter()
        .map(|t| committees.iter().map(|c| cell(c, t)).collect());
    let group = if data.group.0.is_empty() {
        "委員会"
    } else {
        data.group.0.as_str()
    };
    let mut caption = vec![heat_caption(significance, group)];
    if ids.len() < themes.shown.len() && !committees.is_empty() {
        let table = if data.group.1.is_empty() {
            "committee_keyness"
        } else {
            data.group.1.as_str()
        };
        caption.push(heat_top_note(ids.len(), themes.shown.len(), table));
    }
    let across = |c: &String| wrap_label(c, HEADER_LINE_UNITS, HEADER_MAX_LINES);
    let vertical = |c: &String| wrap_label_loose(c, HEAT_V_LINE_UNITS, HEAT_V_MAX_LINES);
    let title = match data.group.0.as_str() {
        "" => TITLE_HEATMAP.to_string(),
        g => TITLE_HEATMAP.replacen("委員会", g, 1),
    };
    Heat {
        title,
        themes: ids.iter().map(|t| themes.label(t)).collect(),
        committees: committees.iter().map(across).collect(),
        committees_vertical: committees.iter().map(vertical).collect(),
        cells: cells.collect(),
        caption,
    }
}

/// First cell of each (committee, theme) of the `ids` themes, as a linear
/// search would find.
fn first_cells<'a>(
    data: &'a ChartData,
    ids: &'a [String],
) -> HashMap<(&'a str, &'a str), &'a CommitteeThemeCell> {
    let wanted: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let mut cell_of: HashMap<(&str, &str), &CommitteeThemeCell> = HashMap::new();
    for c in &data.committee_cells {
        if wanted.contains(c.theme.as_str()) {
            cell_of
                .entry((c.committee.as_str(), c.theme.as_str()))
                .or_insert(c);
        }
    }
    cell_of
}

/// The drawn cell of `c`: its rate, and a mark when `q_value < significance`
/// (up or down by the sign of the log ratio).
fn heat_cell(c: &CommitteeThemeCell, significance: f64) -> HeatCell {
    HeatCell {
        value: c.per_10k_tokens,
        mark: (c.q_value < significance).then_some(if c.log_ratio > 0.0 {
            MARK_UP
        } else if c.log_ratio < 0.0 {
            MARK_DOWN
        } else {
            MARK_SIG
        }),
    }
}

/// White → dark blue, `t` in `[0, 1]`.
fn heat_color(t: f64) -> RGBColor {
    const STOPS: [(f64, (u8, u8, u8)); 5] = [
        (0.0, (247, 251, 255)),
        (0.25, (198, 219, 239)),
        (0.5, (107, 174, 214)),
        (0.75, (33, 113, 181)),
        (1.0, (8, 48, 107)),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    for w in STOPS.windows(2) {
        let (t0, c0) = w[0];
        let (t1, c1) = w[1];
        if t <= t1 {
            let f = (t - t0) / (t1 - t0);
            let mix =
                |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
            return RGBColor(mix(c0.0, c1.0), mix(c0.1, c1.1), mix(c0.2, c1.2));
        }
    }
    let (r, g, b) = STOPS[STOPS.len() - 1].1;
    RGBColor(r, g, b)
}

/// The heatmap being drawn: its area under the title, data, font family
/// and grid, the value that gets the darkest colour and the cells' text size.
pub(super) struct HeatDraw<'a, DB: Db> {
    pub(super) body: Area<DB>,
    pub(super) p: &'a Prepared,
    pub(super) family: &'a str,
    pub(super) g: HeatGrid,
    /// Each row's highest value (the darkest colour of that row).
    row_max: Vec<f64>,
    font: f64,
}

/// Draws the heatmap on `root`: title, committee headers, rows of cells,
/// significance borders, colour scale and caption.
pub(super) fn draw_heatmap<DB: Db>(root: &Area<DB>, p: &Prepared, family: &str) -> DrawResult {
    let body = draw_title(root, &p.heat.title, family)?;
    if p.heat.themes.is_empty() || p.heat.committees.is_empty() {
        return draw_no_data(&body, family, 48.0);
    }
    let g = heat_grid(&body, p, family)?;
    let row_max = p
        .heat
        .cells
        .iter()
        .map(|row| row.iter().flatten().map(|c| c.value).fold(0.0, f64::max))
        .collect();
    let mut d = HeatDraw {
        body,
        p,
        family,
        g,
        row_max,
        font: 0.0,
    };
    d.draw_headers()?;
    d.font = d.value_font()?;
    d.draw_rows()?;
    d.draw_sig_borders()?;
    d.draw_scale()?;
    d.draw_caption()
}

impl<DB: Db> HeatDraw<'_, DB> {
    /// Size of the cell values: the largest (22 down to 11 px) at which every
    /// value fits its cell.
    fn value_font(&self) -> DrawResult<f64> {
        let mut value_font = 22.0;
        for cell in self.p.heat.cells.iter().flatten().flatten() {
            let text = heat_text(cell);
            while value_font > 11.0
                && text_width(&self.body, &text, self.family, value_font)? > self.g.cell_w - 24
            {
                value_font -= 1.0;
            }
        }
        Ok(value_font)
    }

    /// Each row: its theme label, then its cells.
    fn draw_rows(&self) -> DrawResult {
        let (g, family) = (&self.g, self.family);
        for (i, (label, cells)) in self
            .p
            .heat
            .themes
            .iter()
            .zip(&self.p.heat.cells)
            .enumerate()
        {
            let y0 = g.top + i as i32 * g.cell_h;
            let width = (g.left - 30).max(20);
            let (text, size) = fit_text(&self.body, label, family, (HEAT_ROW_FONT, 15.0), width)?;
            let at = (g.grid_left - 14, y0 + g.cell_h / 2);
            self.body.put(&text, at, &style_at(family, size, RIGHT))?;
            for (j, cell) in cells.iter().enumerate() {
                let at = (g.grid_left + j as i32 * g.cell_w, y0);
                self.draw_cell(cell.as_ref(), self.row_max[i], at)?;
            }
        }
        Ok(())
    }

    /// One cell with top-left `(cx, y0)`: coloured with its value over its
    /// row's highest `vmax`, or grey with `–` when there is none; white borders
    /// between cells.
    fn draw_cell(&self, cell: Option<&HeatCell>, vmax: f64, (cx, y0): (i32, i32)) -> DrawResult {
        let (cell_w, cell_h) = (self.g.cell_w, self.g.cell_h);
        let rect = [(cx, y0), (cx + cell_w, y0 + cell_h)];
        let (fill, text, color) = match cell {
            None => (
                RGBColor(235, 235, 235),
                HEAT_MISSING.to_string(),
                RGBColor(120, 120, 120),
            ),
            Some(c) => {
                let t = if vmax > 0.0 { c.value / vmax } else { 0.0 };
                (
                    heat_color(t),
                    heat_text(c),
                    if t > 0.55 { WHITE } else { BLACK },
                )
            }
        };
        self.body.draw(&Rectangle::new(rect, fill.filled()))?;
        let style = style_at(self.family, self.font, CENTER).color(&color);
        self.body
            .put(&text, (cx + cell_w / 2, y0 + cell_h / 2), &style)?;
        self.body
            .draw(&Rectangle::new(rect, WHITE.stroke_width(2)))?;
        Ok(())
    }

    /// Significant cells: a border just inside the cell, clear of the number.
    fn draw_sig_borders(&self) -> DrawResult {
        let g = &self.g;
        for (i, cells) in self.p.heat.cells.iter().enumerate() {
            for (j, cell) in cells.iter().enumerate() {
                if cell.as_ref().is_some_and(|c| c.mark.is_some()) {
                    let cx = g.grid_left + j as i32 * g.cell_w;
                    let y0 = g.top + i as i32 * g.cell_h;
                    let rect = [(cx + 4, y0 + 4), (cx + g.cell_w - 4, y0 + g.cell_h - 4)];
                    self.body
                        .draw(&Rectangle::new(rect, SIG_COLOR.stroke_width(3)))?;
                }
            }
        }
        Ok(())
    }

    /// Colour scale right of the grid, from 0 to each row's highest (100%).
    fn draw_scale(&self) -> DrawResult {
        let (g, body) = (&self.g, &self.body);
        let sx = g.grid_left + g.ncols * g.cell_w + 40;
        let (sy0, sy1) = (g.top, g.scale_bottom());
        let steps = 100;
        for k in 0..steps {
            let ya = sy1 - (sy1 - sy0) * k / steps;
            let yb = sy1 - (sy1 - sy0) * (k + 1) / steps;
            let color = heat_color(f64::from(k) / f64::from(steps - 1));
            body.draw(&Rectangle::new([(sx, yb), (sx + 28, ya)], color.filled()))?;
        }
        body.draw(&Rectangle::new(
            [(sx, sy0), (sx + 28, sy1)],
            BLACK.stroke_width(1),
        ))?;
        let label_style = style_at(self.family, 17.0, LEFT);
        body.put("100%", (sx + 36, sy0), &label_style)?;
        body.put("50%", (sx + 36, (sy0 + sy1) / 2), &label_style)?;
        body.put("0", (sx + 36, sy1), &label_style)?;
        body.put(HEAT_SCALE, (sx - 8, sy0 - 24), &label_style)
    }

    /// Caption under the grid: what the marks mean, and which themes are shown.
    fn draw_caption(&self) -> DrawResult {
        let (cap_x, cap_y) = (self.g.x0 + 10, self.g.scale_bottom() + 36);
        let swatch = [(cap_x, cap_y - 13), (cap_x + 40, cap_y + 13)];
        self.body
            .draw(&Rectangle::new(swatch, heat_color(0.0).filled()))?;
        let border = [(cap_x + 3, cap_y - 10), (cap_x + 37, cap_y + 10)];
        self.body
            .draw(&Rectangle::new(border, SIG_COLOR.stroke_width(3)))?;
        for (k, line) in self.p.heat.caption.iter().enumerate() {
            let at = (cap_x + 52, cap_y + k as i32 * HEAT_CAPTION_PITCH);
            self.body
                .put(line, at, &style_at(self.family, 20.0, LEFT))?;
        }
        Ok(())
    }
}

/// Border colour of significant heatmap cells.
const SIG_COLOR: RGBColor = RGBColor(230, 85, 13);

/// Value of a heatmap cell with one decimal, then its mark.
pub(super) fn heat_text(c: &HeatCell) -> String {
    match c.mark {
        Some(m) => format!("{} {m}", fmt_rate(c.value)),
        None => fmt_rate(c.value),
    }
}
