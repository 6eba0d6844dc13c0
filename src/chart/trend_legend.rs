//! The trend chart's committee legend and how each committee's line looks
//! ([`LineLook`]): right of the panels for a few committees, else under them
//! in columns with whole (wrapped) names ([`BottomLegend`]).

use std::collections::BTreeSet;

use plotters::coord::CoordTranslate;
use plotters::prelude::*;

use super::draw::{draw_legend_list, grey, series_color, style_at, text_width, PutText};
use super::draw::{Area, Db, DrawResult, LEFT};
use super::prepare::{more_entries, COMMITTEE_CHARS, DESC_DATE, LEGEND_COMMITTEES, PER_10K};
use super::text::{truncate_chars, wrap_label};

/// Up to this many committees the trend legend stands right of the panels
/// (names cut to [`COMMITTEE_CHARS`]) and lines differ by colour alone;
/// beyond, or when cut names would look alike, the legend goes under the
/// panels in columns with whole (wrapped) names, and lines also differ by
/// dash pattern and marker shape.
const TREND_RIGHT_LEGEND_MAX: usize = 12;
/// Most entries of the legend under the trend panels (then "ほか N 件").
const TREND_LEGEND_MAX_ENTRIES: usize = 60;
const TREND_LEGEND_FONT: f64 = 20.0;
const TREND_LEGEND_LINE: i32 = 26;
const TREND_LEGEND_GAP: i32 = 10;
const TREND_LEGEND_SWATCH: i32 = 58;
const TREND_LEGEND_HEAD: i32 = 56;
const TREND_LEGEND_MARGIN: i32 = 30;

/// Marker of a committee's points in the trend chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Marker {
    Circle,
    Square,
    Triangle,
    Cross,
}

/// How one committee is drawn in the trend chart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct LineLook {
    pub(super) color: RGBColor,
    /// Dash and gap length in pixels; `None` for a solid line.
    dash: Option<(u32, u32)>,
    pub(super) marker: Marker,
}

/// Look of committee `i` of `n`: few committees get the series colours and
/// solid lines with dots; many get the 10 Tableau colours, then the same
/// colours dashed with squares, dotted with triangles, and so on.
pub(super) fn committee_look(i: usize, n: usize) -> LineLook {
    if n <= TREND_RIGHT_LEGEND_MAX {
        return LineLook {
            color: series_color(i),
            dash: None,
            marker: Marker::Circle,
        };
    }
    const DASHES: [Option<(u32, u32)>; 3] = [None, Some((14, 7)), Some((3, 5))];
    const MARKERS: [Marker; 4] = [
        Marker::Circle,
        Marker::Square,
        Marker::Triangle,
        Marker::Cross,
    ];
    let g = i / 10;
    LineLook {
        color: series_color(i % 10),
        dash: DASHES[g % DASHES.len()],
        marker: MARKERS[g % MARKERS.len()],
    }
}

/// Legend under the trend panels: entries in columns, top to bottom then
/// left to right.
#[derive(Debug)]
pub(super) struct BottomLegend {
    col_w: i32,
    /// Wrapped name of each shown entry.
    entries: Vec<Vec<String>>,
    /// Entries per column.
    rows: usize,
    /// Height of each row.
    row_h: Vec<i32>,
    /// Committees left out (named "ほか N 件" in the last slot).
    more: usize,
}

impl BottomLegend {
    /// Height of the legend area.
    pub(super) fn height(&self) -> i32 {
        TREND_LEGEND_HEAD + self.row_h.iter().sum::<i32>() + 24
    }

    /// Top-left of slot `k` relative to the legend area.
    fn slot(&self, k: usize) -> (i32, i32) {
        let (col, row) = (k / self.rows, k % self.rows);
        (
            TREND_LEGEND_MARGIN + col as i32 * self.col_w,
            TREND_LEGEND_HEAD + self.row_h[..row].iter().sum::<i32>(),
        )
    }
}

/// The bottom legend of the trend chart, or `None` when the legend stands
/// right of the panels (few committees whose cut names stay distinct).
pub(super) fn trend_bottom_legend(names: &[String], width: u32) -> Option<BottomLegend> {
    let n = names.len();
    let cut: BTreeSet<String> = names
        .iter()
        .map(|c| truncate_chars(c, COMMITTEE_CHARS))
        .collect();
    if n <= TREND_RIGHT_LEGEND_MAX && cut.len() == n {
        return None;
    }
    let cols = n.div_ceil(8).clamp(2, 4);
    let col_w = (width as i32 - 2 * TREND_LEGEND_MARGIN) / cols as i32;
    let units = f64::from(col_w - TREND_LEGEND_SWATCH - 24) / TREND_LEGEND_FONT;
    let shown = if n > TREND_LEGEND_MAX_ENTRIES {
        TREND_LEGEND_MAX_ENTRIES - 1
    } else {
        n
    };
    let more = n - shown;
    let entries: Vec<Vec<String>> = names[..shown]
        .iter()
        .map(|c| wrap_label(c, units.max(4.0), 2))
        .collect();
    let slots = shown + usize::from(more > 0);
    let rows = slots.div_ceil(cols).max(1);
    // One height for all rows, so that the columns line up.
    let lines = entries.iter().map(Vec::len).max().unwrap_or(1);
    let row_h = vec![lines as i32 * TREND_LEGEND_LINE + TREND_LEGEND_GAP; rows];
    Some(BottomLegend {
        col_w,
        entries,
        rows,
        row_h,
        more,
    })
}

/// Draws `marker` of radius `r` at `at` (coordinates of `area`).
pub(super) fn draw_marker<DB: Db, CT: CoordTranslate<From: Clone + 'static>>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    marker: Marker,
    r: i32,
    color: RGBColor,
) -> DrawResult {
    match marker {
        Marker::Circle => area.draw(&Circle::new(at, r, color.filled()))?,
        Marker::Square => {
            let s = (r * 4 / 5).max(1);
            area.draw(&(EmptyElement::at(at) + Rectangle::new([(-s, -s), (s, s)], color.filled())))?
        }
        Marker::Triangle => area.draw(&TriangleMarker::new(at, r + 1, color.filled()))?,
        Marker::Cross => area.draw(&Cross::new(at, r, color.stroke_width(2)))?,
    }
    Ok(())
}

/// Draws a line through `points` (coordinates of `area`) in `look`'s
/// colour and dash pattern.
pub(super) fn draw_line<DB: Db, CT: CoordTranslate<From: Clone + 'static>>(
    area: &DrawingArea<DB, CT>,
    points: Vec<CT::From>,
    look: LineLook,
    width: u32,
) -> DrawResult {
    let style = look.color.stroke_width(width);
    match look.dash {
        None => area.draw(&PathElement::new(points, style))?,
        Some((dash, gap)) => area.draw(&plotters::element::DashedPathElement::new(
            points,
            dash as i32,
            gap as i32,
            style,
        ))?,
    }
    Ok(())
}

/// Text size of the legend right of the panels.
const RIGHT_LEGEND_FONT: f64 = 21.0;

/// How the committees' lines are drawn in every panel and in the legend.
pub(super) struct CommitteeLines {
    /// Look of each committee, in the order of the chart's committees.
    pub(super) looks: Vec<LineLook>,
    /// Marker radius of the points; 0 for none.
    pub(super) radius: i32,
    /// Line width in the panels.
    pub(super) width: u32,
}

impl CommitteeLines {
    /// Legend swatch of committee `i`: a line `len` px long from `(x, y)`,
    /// with a marker in its middle when the panels have markers.
    fn swatch<DB: Db>(
        &self,
        area: &Area<DB>,
        (x, y): (i32, i32),
        i: usize,
        len: i32,
    ) -> DrawResult {
        let look = self.looks[i];
        draw_line(area, vec![(x, y), (x + len, y)], look, 3)?;
        if self.radius > 0 {
            draw_marker(area, (x + len / 2, y), look.marker, 5, look.color)?;
        }
        Ok(())
    }
}

/// Width of the legend right of the panels of `body`: room for the longest
/// of `names`, at most two fifths of the width.
pub(super) fn right_legend_width<DB: Db>(
    body: &Area<DB>,
    names: &[String],
    family: &str,
) -> DrawResult<i32> {
    let (w, _) = body.dim_in_pixel();
    let mut legend_w = 260;
    for name in names {
        legend_w = legend_w.max(text_width(body, name, family, RIGHT_LEGEND_FONT)? + 80);
    }
    Ok(legend_w.min(w as i32 * 2 / 5))
}

/// Draws the legend `bl` under the panels, in columns, with whole names.
pub(super) fn draw_bottom_legend<DB: Db>(
    legend_area: &Area<DB>,
    bl: &BottomLegend,
    lines: &CommitteeLines,
    family: &str,
) -> DrawResult {
    let (lw, _) = legend_area.dim_in_pixel();
    legend_area.draw(&PathElement::new(
        vec![
            (TREND_LEGEND_MARGIN, 8),
            (lw as i32 - TREND_LEGEND_MARGIN, 8),
        ],
        RGBColor(0, 0, 0).mix(0.15),
    ))?;
    let title_style = style_at(family, 26.0, LEFT);
    legend_area.put(LEGEND_COMMITTEES, (TREND_LEGEND_MARGIN, 32), &title_style)?;
    let note = format!("x: {DESC_DATE}　　y: {PER_10K}");
    legend_area.put(
        &note,
        (TREND_LEGEND_MARGIN + 140, 34),
        &grey(family, 18.0, 90),
    )?;
    let entry_style = style_at(family, TREND_LEGEND_FONT, LEFT);
    for (k, name_lines) in bl.entries.iter().enumerate() {
        let (x, y) = bl.slot(k);
        let yc = y + TREND_LEGEND_LINE / 2;
        lines.swatch(legend_area, (x, yc), k, TREND_LEGEND_SWATCH - 14)?;
        let x = x + TREND_LEGEND_SWATCH;
        for (i, line) in name_lines.iter().enumerate() {
            legend_area.put(line, (x, yc + i as i32 * TREND_LEGEND_LINE), &entry_style)?;
        }
    }
    if bl.more > 0 {
        let (x, y) = bl.slot(bl.entries.len());
        let at = (x + TREND_LEGEND_SWATCH, y + TREND_LEGEND_LINE / 2);
        legend_area.put(&more_entries(bl.more), at, &entry_style)?;
    }
    Ok(())
}

/// Draws the legend right of the panels (`names` cut), then the axis notes.
pub(super) fn draw_right_legend<DB: Db>(
    legend_area: &Area<DB>,
    names: &[String],
    lines: &CommitteeLines,
    family: &str,
) -> DrawResult {
    let legend = legend_area.margin(20, 10, 10, 10);
    let swatch = |y, i| lines.swatch(&legend, (0, y), i, 36);
    let name = |i: usize| names[i].clone();
    let y = draw_legend_list(
        &legend,
        family,
        LEGEND_COMMITTEES,
        (names.len(), 120, 46),
        swatch,
        name,
    )?;
    legend.put(
        &format!("x: {DESC_DATE}"),
        (0, y + 20),
        &grey(family, 18.0, 90),
    )?;
    legend.put(
        &format!("y: {PER_10K}"),
        (0, y + 48),
        &grey(family, 18.0, 90),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::{many_meetings, png_size, sample};
    use crate::chart::heat_layout::{heat_vertical, heat_width, HEAT_MIN_COL_W};
    use crate::chart::prepare::prepare;
    use crate::chart::render::{render_all, Kind, WIDTH};
    use crate::chart::trends::trend_point_size;
    use crate::chart::ChartOptions;
    #[test]
    fn many_committees_get_a_legend_in_columns_and_vertical_headers() {
        let data = many_meetings(400, 20, 9, 0);
        let p = prepare(&data, &ChartOptions::default());
        assert_eq!(p.trends.committee_names.len(), 20);
        let bl = trend_bottom_legend(&p.trends.committee_names, WIDTH).expect("bottom legend");
        assert_eq!(bl.entries.len(), 20);
        assert_eq!(bl.more, 0);
        // Whole names, in columns within the image.
        assert!(bl
            .entries
            .iter()
            .zip(&p.trends.committee_names)
            .all(|(lines, name)| lines.concat().replace(' ', "") == name.replace(' ', "")));
        let (x, _) = bl.slot(19);
        assert!(x + bl.col_w <= WIDTH as i32);
        // Every committee looks different.
        let looks: BTreeSet<String> = (0..20)
            .map(|i| format!("{:?}", committee_look(i, 20)))
            .collect();
        assert_eq!(looks.len(), 20);
        // Dense lines get smaller dots, very dense ones none.
        assert_eq!(trend_point_size(10, 40, 480), (5, 3));
        assert_eq!(trend_point_size(60, 200, 480), (3, 2));
        assert_eq!(trend_point_size(22, 448, 480), (2, 2));
        assert_eq!(trend_point_size(300, 4000, 480), (0, 2));
        // Few committees keep the legend on the right, unless cut names clash.
        assert!(trend_bottom_legend(&["委員会A".into(), "委員会B".into()], WIDTH).is_none());
        let clash = [
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会第1分科会".to_string(),
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会第2分科会".to_string(),
        ];
        assert!(trend_bottom_legend(&clash, WIDTH).is_some());

        // Heatmap: 20 columns under vertical headers, far narrower than
        // headers written across.
        assert!(heat_vertical(&p));
        let w = Kind::Heatmap.width(&p);
        assert!(w < 3000 && w < heat_width(&p, HEAT_MIN_COL_W) as u32, "{w}");
        assert_eq!(
            p.heat.committees_vertical[0],
            vec!["情報通信審議会", "第10分科会"]
        );
        let few = prepare(&sample(), &ChartOptions::default());
        assert!(!heat_vertical(&few));

        let dir = tempfile::tempdir().unwrap();
        render_all(dir.path(), &data, &ChartOptions::default()).unwrap();
        let (tw, th) = png_size(&dir.path().join("theme_trends.png"));
        assert_eq!((tw, th), (WIDTH, Kind::Trends.height(&p)));
        let trends = std::fs::read_to_string(dir.path().join("theme_trends.svg")).unwrap();
        assert!(trends.contains("情報通信審議会 第20分科会"));
        assert!(!trends.contains(&more_entries(1)));
        let heat = std::fs::read_to_string(dir.path().join("committee_themes.svg")).unwrap();
        assert!(!heat.contains("情報通信審議会 第1分科会"));
        assert!(heat.contains(">\n審\n</text>"), "vertical header chars");
    }
}
