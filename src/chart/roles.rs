//! The role chart's data (`speaker_roles`): per theme, one stacked bar of
//! hits by speaker role.
//!
//! Takes the role counts of [`ChartData`]; gives the [`StackedBars`] that
//! [`super::stacked`] draws: known roles in a fixed order and colour, then
//! other roles by name, only roles with hits; one row per theme, and beyond
//! the themes with most hits one `その他` row of the rest.

use std::collections::BTreeMap;

use plotters::style::RGBColor;

use super::draw::series_color;
use super::labels::{other_label, other_note, LEGEND_ROLES, TITLE_ROLES};
use super::prepare::{theme_totals, Themes, COMMITTEE_CHARS, LEGEND_CHARS, MAX_STACK_THEMES};
use super::stacked::{RowLabel, StackedBars};
use super::text::truncate_chars;
use super::ChartData;

/// Role ids in drawing order, with their legend text and colour.
const ROLES: [(&str, &str, (u8, u8, u8)); 9] = [
    ("chair", "chair 委員長/座長", (214, 39, 40)),
    (
        "vice_chair",
        "vice_chair 副委員長/座長代理",
        (255, 152, 150),
    ),
    ("member", "member 委員/構成員", (31, 119, 180)),
    ("minister", "minister 大臣/副大臣/政務官", (148, 103, 189)),
    ("official", "official 政府参考人/事務局", (44, 160, 44)),
    ("presenter", "presenter 参考人/説明者", (255, 127, 14)),
    ("observer", "observer オブザーバー", (23, 190, 207)),
    ("collective", "collective 一同", (188, 189, 34)),
    ("unknown", "unknown 不明", (127, 127, 127)),
];

/// A drawn role: id, legend text, colour.
type Role = (String, String, RGBColor);

/// The role chart: rows of the [`MAX_STACK_THEMES`] themes with most hits
/// (or the chosen ones) and one of the rest, series of the roles with hits.
pub(super) fn prepare_roles(data: &ChartData, themes: &Themes) -> StackedBars {
    let totals = theme_totals(data.role_counts.iter().map(|r| (r.theme.as_str(), r.hits)));
    let drawn = themes.capped(&totals, MAX_STACK_THEMES);
    let rest = themes.shown.len() - drawn.len();
    let rows_n = drawn.len() + usize::from(rest > 0);
    let role_hits = role_hits(data, &themes.shown, &drawn, rest, rows_n);
    let roles = drawn_roles(&role_hits);
    let (rows, values) = if roles.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let mut rows: Vec<RowLabel> = drawn
            .iter()
            .map(|t| RowLabel::single(truncate_chars(&themes.label(t), COMMITTEE_CHARS)))
            .collect();
        if rest > 0 {
            rows.push(RowLabel::single(other_label(rest)));
        }
        let values = (0..rows_n)
            .map(|t| {
                roles
                    .iter()
                    .map(|(id, _, _)| role_hits[id.as_str()][t])
                    .collect()
            })
            .collect();
        (rows, values)
    };
    StackedBars {
        title: TITLE_ROLES.to_string(),
        legend_title: LEGEND_ROLES,
        rows,
        values,
        series: roles
            .into_iter()
            .map(|(_, legend, c)| (legend, c))
            .collect(),
        note: if rest > 0 {
            other_note(drawn.len(), rest)
        } else {
            Vec::new()
        },
    }
}

/// Hits per role and row: row `i` for theme `drawn[i]`, then, when `rest`
/// themes of `shown` are lumped, one row for them.
fn role_hits<'a>(
    data: &'a ChartData,
    shown: &[String],
    drawn: &[String],
    rest: usize,
    rows_n: usize,
) -> BTreeMap<&'a str, Vec<u64>> {
    let mut role_hits: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for r in &data.role_counts {
        let row = match drawn.iter().position(|t| t == &r.theme) {
            Some(t) => t,
            None if rest > 0 && shown.contains(&r.theme) => drawn.len(),
            None => continue,
        };
        role_hits
            .entry(r.role.as_str())
            .or_insert_with(|| vec![0; rows_n])[row] += r.hits;
    }
    role_hits
}

/// Roles with hits: those of [`ROLES`] in its order and colours, then the
/// others by id, in the series colours.
fn drawn_roles(role_hits: &BTreeMap<&str, Vec<u64>>) -> Vec<Role> {
    let mut roles: Vec<Role> = Vec::new();
    for (id, legend, (r, g, b)) in ROLES {
        if role_hits.get(id).is_some_and(|h| h.iter().any(|&x| x > 0)) {
            roles.push((id.to_string(), legend.to_string(), RGBColor(r, g, b)));
        }
    }
    for (id, hits) in role_hits {
        if !ROLES.iter().any(|r| r.0 == *id) && hits.iter().any(|&x| x > 0) {
            let i = roles.len();
            roles.push((
                id.to_string(),
                truncate_chars(id, LEGEND_CHARS),
                series_color(i),
            ));
        }
    }
    roles
}
