//! What each chart shows, decided once: takes [`ChartData`] and
//! [`ChartOptions`], gives [`Prepared`] (rows, columns, series, labels and the
//! fixed wording) for the drawing code and the font check ([`chart_text`]).

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use super::bars::{prepare_meetings, prepare_roles};
use super::heatmap::{prepare_heatmap, Heat};
use super::movement::{prepare_movement, Movement, MOVEMENT_NOTE, TITLE_MOVEMENT};
use super::network::{prepare_network, Network, NETWORK_NOTE, TITLE_NETWORK};
use super::people::{prepare_emerging, prepare_people, Emerging, People};
use super::people::{EMERGING_NONE, EMERGING_NOTE, PEOPLE_NOTE, TITLE_EMERGING, TITLE_PEOPLE};
use super::stacked::StackedBars;
use super::text::ELLIPSIS;
use super::trends::{prepare_trends, Trends};
use super::{ChartData, ChartOptions};

// What the charts say (also checked against the font).
pub(super) const TITLE_TRENDS: &str = "テーマの推移（1万語あたり）";
/// Said after the trend chart's title when its points carry interval whiskers.
pub(super) const WHISKERS: &str = "　縦線 = 95%信頼区間（ポアソン正確法）";
pub(super) const TITLE_HEATMAP: &str = "委員会 × テーマ（1万語あたり）";
pub(super) const TITLE_MEETINGS: &str = "会議ごとのテーマ出現率（1万語あたり）";
pub(super) const TITLE_ROLES: &str = "発言者の役割別テーマ出現数";
pub(super) const NO_DATA: &str = "データなし";
pub(super) const LEGEND_COMMITTEES: &str = "委員会";
pub(super) const LEGEND_THEMES: &str = "テーマ";
pub(super) const LEGEND_ROLES: &str = "発言者の役割";
pub(super) const DESC_DATE: &str = "会議日（年-月）";
pub(super) const DESC_HITS: &str = "出現数（件）";
pub(super) const DESC_RATE: &str = "1万語あたり出現数";
pub(super) const UNKNOWN_DATE: &str = "日付不明";
pub(super) const HEAT_SCALE: &str = "行の最大値比";
/// What the trend chart's y axis measures.
pub(super) const PER_10K: &str = "1万語あたり";
pub(super) const HEAT_MISSING: &str = "–";
pub(super) const MARK_UP: &str = "▲";
pub(super) const MARK_DOWN: &str = "▼";
pub(super) const MARK_SIG: &str = "*";
/// Chars of numbers, dates and axis ticks.
pub(super) const NUMBER_CHARS: &str = "0123456789.,-+%()/";

/// Lumped themes in the meeting and role charts.
pub(super) const OTHER: &str = "その他";

/// Caption line of the heatmap: what the marks mean.
pub(super) fn heat_caption(significance: f64, group: &str) -> String {
    format!(
        "枠と ▲/▼/* = G² 検定、Benjamini–Hochberg 補正後 q<{significance}（他の{group}との比較。▲ 多い、▼ 少ない）　色 = 各行（テーマ）の最大値に対する割合　{HEAT_MISSING} = データなし"
    )
}

/// Caption line of a heatmap showing only the top themes.
pub(super) fn heat_top_note(shown: usize, total: usize, table: &str) -> String {
    format!("上位{shown}テーマ（全{total}件は {table}.csv）")
}

/// Row or legend text of the lumped themes.
pub(super) fn other_label(n: usize) -> String {
    format!("{OTHER}（{n}テーマ）")
}

/// Legend note of a chart that lumps themes into [`OTHER`].
pub(super) fn other_note(shown: usize, rest: usize) -> Vec<String> {
    vec![
        format!("出現数の多い上位{shown}テーマを表示"),
        format!("残り{rest}テーマは「{OTHER}」に合算"),
    ]
}

/// Last legend entry when `n` entries are left out.
pub(super) fn more_entries(n: usize) -> String {
    format!("ほか {n} 件")
}

/// A rate as drawn: one decimal.
pub(super) fn fmt_rate(v: f64) -> String {
    format!("{v:.1}")
}

/// Everything the four charts draw.
pub(super) struct Prepared {
    pub(super) trends: Trends,
    pub(super) heat: Heat,
    /// Vertical presentation forms the font has
    /// ([`vertical_forms`](super::text::vertical_forms)); filled by
    /// [`render_all`](super::render_all) when headers are written vertically.
    pub(super) vertical_forms: HashMap<char, char>,
    pub(super) meetings: StackedBars,
    pub(super) roles: StackedBars,
    pub(super) movement: Movement,
    pub(super) network: Network,
    pub(super) emerging: Emerging,
    pub(super) people: People,
}

/// Most themes drawn apart in the meeting and role charts when `themes_shown`
/// is `None`; the rest are lumped into [`OTHER`].
pub(super) const MAX_STACK_THEMES: usize = 12;
/// Committee names in the trend legend and theme labels of the role chart are
/// cut to this many chars.
pub(super) const COMMITTEE_CHARS: usize = 20;
/// Legend entries of the meeting and role charts are cut to this many chars.
pub(super) const LEGEND_CHARS: usize = 24;

/// Meeting dates by their string, each parsed once (every meeting has one
/// point per theme).
pub(super) type Dates<'a> = HashMap<&'a str, Option<NaiveDate>>;

/// Hits per theme id.
pub(super) type Totals<'a> = HashMap<&'a str, u64>;

/// The themes of the data, their labels, and the ones to draw.
pub(super) struct Themes {
    /// Label of each theme id; empty when the data gave none.
    labels: HashMap<String, String>,
    /// Theme ids to draw: `themes_shown` (each once, in its order), else all
    /// in order of first appearance.
    pub(super) shown: Vec<String>,
    /// Whether `themes_shown` chose them (then none is cut).
    chosen: bool,
}

impl Themes {
    /// Themes in order of first appearance in points, cells and role counts,
    /// each with its first non-blank label.
    fn new(data: &ChartData, opts: &ChartOptions) -> Self {
        let mut theme_order: Vec<String> = Vec::new();
        let mut labels: HashMap<String, String> = HashMap::new();
        {
            let mut note = |id: &str, label: &str| {
                if !labels.contains_key(id) {
                    theme_order.push(id.to_string());
                    labels.insert(id.to_string(), String::new());
                }
                let l = labels.get_mut(id).expect("inserted above");
                if l.is_empty() && !label.trim().is_empty() {
                    *l = label.trim().to_string();
                }
            };
            for p in data.points() {
                note(p.theme, p.theme_label);
            }
            for c in &data.committee_cells {
                note(&c.theme, &c.theme_label);
            }
            for r in &data.role_counts {
                note(&r.theme, &r.theme_label);
            }
        }
        let shown: Vec<String> = match &opts.themes_shown {
            Some(list) => {
                let mut seen = BTreeSet::new();
                list.iter()
                    .filter(|t| seen.insert(t.as_str()))
                    .cloned()
                    .collect()
            }
            None => theme_order,
        };
        Themes {
            labels,
            shown,
            chosen: opts.themes_shown.is_some(),
        }
    }

    /// Label of theme `id`, or the id when it has none.
    pub(super) fn label(&self, id: &str) -> String {
        self.labels
            .get(id)
            .filter(|l| !l.is_empty())
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// Themes drawn apart in a chart that shows at most `n` (the rest lumped
    /// or left out): the `n` with most `totals` when the themes were not
    /// chosen, else all shown themes.
    pub(super) fn capped(&self, totals: &Totals<'_>, n: usize) -> Vec<String> {
        if !self.chosen && self.shown.len() > n {
            top_themes(&self.shown, totals, n)
                .into_iter()
                .map(|i| self.shown[i].clone())
                .collect()
        } else {
            self.shown.clone()
        }
    }
}

/// Indexes into `themes` of the `n` with most `totals` (ties: earlier first),
/// in their original order.
fn top_themes(themes: &[String], totals: &Totals<'_>, n: usize) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..themes.len()).collect();
    ranked.sort_by(|&a, &b| {
        let ta = totals.get(themes[a].as_str()).copied().unwrap_or(0);
        let tb = totals.get(themes[b].as_str()).copied().unwrap_or(0);
        tb.cmp(&ta).then(a.cmp(&b))
    });
    ranked.truncate(n);
    ranked.sort_unstable();
    ranked
}

/// Index of each of `items` (of the last, if one is there twice).
pub(super) fn positions(items: &[String]) -> HashMap<&str, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, t)| (t.as_str(), i))
        .collect()
}

/// Sums `(theme, hits)` per theme.
pub(super) fn theme_totals<'a>(hits: impl Iterator<Item = (&'a str, u64)>) -> Totals<'a> {
    let mut totals = Totals::new();
    for (theme, h) in hits {
        *totals.entry(theme).or_default() += h;
    }
    totals
}

/// What the four charts of `data` show under `opts`.
pub(super) fn prepare(data: &ChartData, opts: &ChartOptions) -> Prepared {
    let themes = Themes::new(data, opts);
    let meeting_totals = theme_totals(data.points().map(|p| (p.theme, p.hits)));
    let mut dates = Dates::new();
    Prepared {
        emerging: prepare_emerging(data),
        people: prepare_people(data, &themes, &meeting_totals),
        network: prepare_network(data, &themes),
        movement: prepare_movement(data, &themes, &meeting_totals),
        trends: prepare_trends(data, &themes, &meeting_totals, &mut dates),
        heat: prepare_heatmap(data, &themes, opts.significance),
        vertical_forms: HashMap::new(),
        meetings: prepare_meetings(data, &themes, &meeting_totals, &mut dates),
        roles: prepare_roles(data, &themes),
    }
}

/// Every text the charts can draw, concatenated (for the glyph check).
pub(super) fn drawn_text(p: &Prepared) -> String {
    let mut s = [
        TITLE_TRENDS,
        TITLE_HEATMAP,
        TITLE_MEETINGS,
        TITLE_ROLES,
        NO_DATA,
        LEGEND_COMMITTEES,
        LEGEND_THEMES,
        LEGEND_ROLES,
        DESC_DATE,
        DESC_HITS,
        DESC_RATE,
        UNKNOWN_DATE,
        HEAT_SCALE,
        PER_10K,
        HEAT_MISSING,
        MARK_UP,
        MARK_DOWN,
        MARK_SIG,
        NUMBER_CHARS,
    ]
    .concat();
    s.push(ELLIPSIS);
    s.push_str(&more_entries(0));
    s.push_str(&p.trends.title);
    s.push_str(TITLE_MOVEMENT);
    s.push_str(TITLE_NETWORK);
    for t in [
        TITLE_EMERGING,
        EMERGING_NOTE,
        EMERGING_NONE,
        TITLE_PEOPLE,
        PEOPLE_NOTE,
    ] {
        s.push_str(t);
    }
    s.push_str("年→ q=e会議体1万語あたり");
    for r in &p.emerging.rows {
        s.push_str(&r.0);
    }
    for x in p.people.speakers.iter().chain(&p.people.bodies) {
        s.push_str(x);
    }
    s.push_str(NETWORK_NOTE);
    s.push_str("（）");
    for (label, _) in &p.network.nodes {
        s.push_str(label);
    }
    if let Some(n) = &p.network.note {
        s.push_str(n);
    }
    s.push_str(MOVEMENT_NOTE);
    s.push('+');
    for b in &p.movement.bodies {
        s.push_str(b);
    }
    s.push_str(&p.heat.title);
    s.push_str("100%50%");
    let heat = p
        .heat
        .themes
        .iter()
        .chain(p.heat.committees.iter().flatten());
    let labels = p.trends.panels.iter().map(|panel| &panel.label);
    let texts = p
        .heat
        .caption
        .iter()
        .chain(labels)
        .chain(&p.trends.committees);
    s.extend(texts.chain(heat).map(String::as_str));
    for bars in [&p.meetings, &p.roles] {
        s.push_str(&bars.title);
        for r in &bars.rows {
            s.push_str(&r.compact);
            s.extend(r.lines.iter().map(String::as_str));
        }
        s.extend(bars.series.iter().map(|(t, _)| t.as_str()));
        s.extend(bars.note.iter().map(String::as_str));
    }
    s
}

/// All text that [`render_all`](super::render_all) would draw for `data`
/// (for checking a font).
pub fn chart_text(data: &ChartData, opts: &ChartOptions) -> String {
    drawn_text(&prepare(data, opts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chart::fixtures::{cell, png_size, point, role};
    use crate::chart::heat_layout::HEAT_CELL_H;
    use crate::chart::render::render_all;
    use crate::chart::MAX_TREND_THEMES;

    /// `n` themes over 3 committees, 4 meetings and 2 roles; theme `t{k}` has
    /// `k + 1` hits in every meeting and role.
    fn many_themes(n: usize) -> ChartData {
        let committees = [
            "委員会A",
            "委員会B",
            "情報通信ネットワークにおけるサイバーセキュリティ対策分科会",
        ];
        let dates = ["2023-01-10", "2023-03-02", "2023-06-20", "2024-02-01"];
        let mut data = ChartData::default();
        for k in 0..n {
            let (t, l) = (&*format!("t{k}"), &*format!("テーマ{k}"));
            let hits = k as u64 + 1;
            for (m, date) in dates.iter().enumerate() {
                let id = format!("m{m}");
                data.meeting_points
                    .push(point(&id, committees[m % 3], date, t, l, hits));
            }
            for (i, c) in committees.iter().enumerate() {
                let p = if (k + i) % 3 == 0 { 0.01 } else { 0.5 };
                let rate = (k + i) as f64 * 1.25;
                let cell = cell(
                    c,
                    (t, l),
                    (rate, hits),
                    (p, if i == 0 { 0.5 } else { -0.5 }),
                );
                data.committee_cells.push(cell);
            }
            for r in ["member", "official"] {
                data.role_counts.push(role((t, l), r, hits));
            }
        }
        data
    }

    #[test]
    fn many_themes_keep_the_top_ones_and_lump_the_rest() {
        let data = many_themes(30);
        let p = prepare(&data, &ChartOptions::default());
        // Heatmap: the 20 themes with most hits, in their original order.
        let want: Vec<String> = (10..30).map(|k| format!("テーマ{k}")).collect();
        assert_eq!(p.heat.themes, want);
        assert_eq!(p.heat.cells.len(), 20);
        assert!(p.heat.cells.iter().all(|r| r.len() == 3));
        assert_eq!(p.heat.caption.len(), 2);
        assert_eq!(
            p.heat.caption[1],
            "上位20テーマ（全30件は committee_keyness.csv）"
        );
        assert_eq!(
            p.heat.committees[2],
            vec![
                "情報通信ネットワークにおける",
                "サイバーセキュリティ対策",
                "分科会"
            ]
        );
        // Meetings: 12 themes and "その他"; every bar keeps its true total, per 10,000 of the
        // meeting's 20,000 tokens.
        let all: u64 = (1..=30).sum();
        let rate = |hits: u64| hits as f64 / 2.0;
        assert_eq!(p.meetings.series.len(), MAX_STACK_THEMES + 1);
        assert_eq!(p.meetings.series[0].0, "テーマ18");
        assert_eq!(p.meetings.series[12].0, other_label(18));
        assert!(p
            .meetings
            .values
            .iter()
            .all(|r| (r.iter().sum::<f64>() - rate(all)).abs() < 1e-9));
        assert_eq!(p.meetings.values[0][12], rate((1..=18).sum::<u64>()));
        assert!(!p.meetings.note.is_empty());
        // Roles: 12 theme rows and one "その他" row.
        assert_eq!(p.roles.rows.len(), MAX_STACK_THEMES + 1);
        assert_eq!(p.roles.rows[12].compact, other_label(18));
        let role_total: f64 = p.roles.values.iter().flatten().sum();
        assert_eq!(role_total, (2 * all) as f64);
        // Trends still keep 8 panels.
        assert_eq!(p.trends.panels.len(), MAX_TREND_THEMES);

        let dir = tempfile::tempdir().unwrap();
        render_all(dir.path(), &data, &ChartOptions::default()).unwrap();
        let texts = |stem: &str| -> Vec<String> {
            let svg = std::fs::read_to_string(dir.path().join(format!("{stem}.svg"))).unwrap();
            svg.split("<text")
                .skip(1)
                .filter_map(|t| {
                    let body = &t[t.find('>')? + 1..];
                    Some(body[..body.find("</text>")?].trim().to_string())
                })
                .collect()
        };
        let has = |texts: &[String], s: &str| texts.iter().any(|t| t == s);
        let meet = texts("meeting_themes");
        assert!(
            has(&meet, &other_label(18)) && has(&meet, "テーマ29"),
            "{meet:?}"
        );
        assert!(!has(&meet, "テーマ17") && !has(&meet, &more_entries(1)));
        assert!(other_note(12, 18).iter().all(|l| has(&meet, l)));
        let roles = texts("speaker_roles");
        assert!(has(&roles, &other_label(18)) && has(&roles, "テーマ29"));
        assert!(!has(&roles, "テーマ17"));
        let heat = texts("committee_themes");
        assert!(has(&heat, &heat_top_note(20, 30, "committee_keyness")) && has(&heat, "テーマ10"));
        assert!(!has(&heat, "テーマ9"));
        assert!(has(&heat, "情報通信ネットワークにおける"));
        let (w, h) = png_size(&dir.path().join("committee_themes.png"));
        assert!(w >= 1600 && h >= 20 * HEAT_CELL_H as u32, "{w}x{h}");

        // Chosen themes are all drawn, without "その他".
        let opts = ChartOptions {
            themes_shown: Some((0..30).map(|k| format!("t{k}")).collect()),
            ..ChartOptions::default()
        };
        let p = prepare(&data, &opts);
        assert_eq!(p.heat.themes.len(), 30);
        assert_eq!(p.heat.caption.len(), 1);
        assert_eq!(p.meetings.series.len(), 30);
        assert!(p.meetings.note.is_empty());
        assert_eq!(p.roles.rows.len(), 30);
        assert!(!drawn_text(&p).contains(OTHER));
    }
}
