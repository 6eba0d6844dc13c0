//! What the charts and the report are made from: the run's rows and sums turned into
//! [`ChartData`] and [`ReportInput`].

use std::path::Path;

use super::JobConfig;
use crate::chart::{ChartData, CommitteeThemeCell, MeetingThemes, RoleThemeCount};
use crate::model::FileStatus;
use crate::output::report::{self, ChartSection, ReportInput};
use crate::pipeline::RunSummary;
use crate::tables::{self, Aggregator};

/// The charts' data; the meetings are moved out of `agg` (not copied: one per meeting of the
/// corpus).
/// `theme_bursts` rows as (theme, committee, start date, end date).
fn burst_spans(df: &polars::prelude::DataFrame) -> Vec<(String, String, String, String)> {
    let (t, c) = (strs(df, "theme"), strs(df, "committee"));
    let (s, e) = (strs(df, "start_date"), strs(df, "end_date"));
    let n = [t.len(), c.len(), s.len(), e.len()]
        .into_iter()
        .min()
        .unwrap_or(0);
    (0..n)
        .map(|i| (t[i].clone(), c[i].clone(), s[i].clone(), e[i].clone()))
        .collect()
}

fn strs(df: &polars::prelude::DataFrame, name: &str) -> Vec<String> {
    match df.column(name).ok().and_then(|c| c.str().ok().cloned()) {
        Some(c) => (0..c.len())
            .map(|i| c.get(i).unwrap_or("").to_string())
            .collect(),
        None => Vec::new(),
    }
}

fn floats(df: &polars::prelude::DataFrame, name: &str) -> Vec<f64> {
    match df.column(name).ok().and_then(|c| c.f64().ok().cloned()) {
        Some(c) => (0..c.len()).map(|i| c.get(i).unwrap_or(0.0)).collect(),
        None => Vec::new(),
    }
}

fn years(df: &polars::prelude::DataFrame, name: &str) -> Vec<Option<i32>> {
    match df.column(name).ok().and_then(|c| c.i32().ok().cloned()) {
        Some(c) => (0..c.len()).map(|i| c.get(i)).collect(),
        None => Vec::new(),
    }
}

fn counts(df: &polars::prelude::DataFrame, name: &str) -> Vec<u64> {
    match df.column(name).ok().and_then(|c| c.u64().ok().cloned()) {
        Some(c) => (0..c.len()).map(|i| c.get(i).unwrap_or(0)).collect(),
        None => Vec::new(),
    }
}

/// `emerging_terms` rows as the chart takes them.
fn emerging(df: &polars::prelude::DataFrame) -> Vec<(String, f64, f64, i32, i32, f64)> {
    let (t, a, b) = (
        strs(df, "term"),
        floats(df, "per_10k_first_year"),
        floats(df, "per_10k_last_year"),
    );
    let (fy, ly, q) = (
        years(df, "first_year"),
        years(df, "last_year"),
        floats(df, "q_value"),
    );
    let n = [t.len(), a.len(), b.len(), fy.len(), ly.len(), q.len()]
        .into_iter()
        .min()
        .unwrap_or(0);
    (0..n)
        .map(|i| {
            (
                t[i].clone(),
                a[i],
                b[i],
                fy[i].unwrap_or(0),
                ly[i].unwrap_or(0),
                q[i],
            )
        })
        .collect()
}

/// `speaker_trajectories` rows as the chart takes them.
fn trajectories(
    df: &polars::prelude::DataFrame,
) -> Vec<(String, String, String, Option<i32>, u64)> {
    let (s, t, c) = (
        strs(df, "speaker_id"),
        strs(df, "theme"),
        strs(df, "committee"),
    );
    let (y, h) = (years(df, "year"), counts(df, "hits"));
    let n = [s.len(), t.len(), c.len(), y.len(), h.len()]
        .into_iter()
        .min()
        .unwrap_or(0);
    (0..n)
        .map(|i| (s[i].clone(), t[i].clone(), c[i].clone(), y[i], h[i]))
        .collect()
}

/// `theme_cooccurrence` rows as (theme a, theme b, remarks with both, Jaccard), and each
/// theme's remarks.
type Cooc = (Vec<(String, String, u64, f64)>, Vec<(String, u64)>);
fn cooccurrence(df: &polars::prelude::DataFrame) -> Cooc {
    let (a, b, j) = (
        strs(df, "theme_a"),
        strs(df, "theme_b"),
        floats(df, "jaccard"),
    );
    let (both, ra, rb) = (
        counts(df, "remarks_both"),
        counts(df, "remarks_a"),
        counts(df, "remarks_b"),
    );
    let n = a
        .len()
        .min(b.len())
        .min(both.len())
        .min(ra.len())
        .min(rb.len())
        .min(j.len());
    let mut remarks: std::collections::BTreeMap<String, u64> = Default::default();
    for i in 0..n {
        remarks.insert(a[i].clone(), ra[i]);
        remarks.insert(b[i].clone(), rb[i]);
    }
    let pairs = (0..n)
        .map(|i| (a[i].clone(), b[i].clone(), both[i], j[i]))
        .collect();
    (pairs, remarks.into_iter().collect())
}

pub(super) fn chart_data(agg: &mut Aggregator, tables: &tables::Tables) -> ChartData {
    let meetings = std::mem::take(&mut agg.meetings)
        .into_iter()
        .map(|m| MeetingThemes {
            meeting_id: m.meeting_id,
            committee: m.committee,
            date: m.date,
            tokens: m.tokens,
            hits: m.hits,
        })
        .collect();
    let themes = agg.themes();
    let committee_cells = tables
        .keyness_rows
        .iter()
        .filter(|r| r.feature_type == "theme")
        .map(|r| CommitteeThemeCell {
            committee: r.committee.clone(),
            theme: r.feature.clone(),
            theme_label: r.label.clone(),
            per_10k_tokens: r.target_per_10k,
            hits: r.target_count,
            g2: r.g2,
            p_value: r.p_value,
            log_ratio: r.log_ratio,
            q_value: r.q_value,
        })
        .collect();
    let role_counts = tables
        .role_hits
        .iter()
        .map(|(id, label, role, h)| RoleThemeCount {
            theme: id.clone(),
            theme_label: label.clone(),
            role: role.as_str().to_string(),
            hits: *h,
        })
        .collect();
    let by = agg.group_by();
    let bursts = burst_spans(&tables.theme_bursts);
    let (cooccurrence, theme_remarks) = cooccurrence(&tables.theme_cooccurrence);
    let (emerging, trajectories) = (
        emerging(&tables.emerging_terms),
        trajectories(&tables.speaker_trajectories),
    );
    ChartData {
        emerging,
        trajectories,
        bursts,
        cooccurrence,
        theme_remarks,
        group: (by.label().to_string(), by.keyness_table()),
        meeting_points: Vec::new(),
        meetings,
        themes: themes
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect(),
        committee_cells,
        role_counts,
    }
}

pub(super) fn report_input(
    cfg: &JobConfig,
    agg: &Aggregator,
    meetings: &[MeetingThemes],
    tables: &tables::Tables,
    summary: &RunSummary,
    dir: &Path,
) -> ReportInput {
    let summary_rows = summary_rows(cfg, agg, meetings, summary);
    let chart = |name: &str, title: &str, caption: &str| ChartSection {
        title: title.into(),
        caption: caption.into(),
        png: dir.join(format!("{name}.png")),
        svg_file: format!("{name}.svg"),
    };
    let charts = vec![
        chart("theme_trends", "Theme trends", "Each theme's hits per 10,000 tokens on a calendar axis, one line per committee."),
        chart("committee_themes", "Committee × theme", "Rates per 10,000 tokens; marked cells differ significantly (G², p < 0.05) from the other committees."),
        chart("meeting_themes", "Hits per meeting", "Theme hits per meeting, stacked, by date."),
        chart("speaker_roles", "Who raises each theme", "Hits by the speaker's role."),
        chart("emerging_terms", "Emerging terms", "Nouns no theme covers whose rate rises over the years: the rate in the first and the last year, with the BH q-value."),
        chart("speaker_trajectories", "Who raises the themes", "The people with most hits of the charted themes, by year: area = hits, colour = the body they spoke in most."),
        chart("theme_network", "Themes raised together", "Themes as nodes (size: remarks that raise them), edges between themes raised in the same remarks (width: Jaccard index)."),
        chart("theme_movement", "How themes move", "Per theme and body: meetings (ticks), hits (dots, larger = higher rate), first appearance (diamond, days after the first body) and bursts (shaded)."),
    ];
    use polars::prelude::{col, lit, IntoLazy};
    let sig = tables
        .committee_keyness
        .clone()
        .lazy()
        .filter(col("q_value").lt(lit(0.05)))
        .collect()
        .unwrap_or_else(|_| tables.committee_keyness.clone());
    // The meetings table was streamed: the frame holds its first rows only.
    let mut meetings_section = report::table_section(
        &tables.meetings,
        "Meetings",
        "meetings.csv",
        "One row per meeting.",
        50,
    );
    meetings_section.total_rows = meetings_section.total_rows.max(meetings.len());
    let by = agg.group_by();
    let (by_file, keyness_file) = (
        format!("{}.csv", by.by_table()),
        format!("{}.csv", by.keyness_table()),
    );
    let tables_out = vec![
        meetings_section,
        report::table_section(
            &tables.themes_by_committee,
            &format!("Themes by {}", by.as_str()),
            &by_file,
            &format!("Hits and rates per {} and theme, with exact Poisson 95% intervals.", by.as_str()),
            200,
        ),
        report::table_section(
            &sig,
            "Significant keyness (Benjamini–Hochberg q < 0.05)",
            &keyness_file,
            &format!("Each {} against all others: G² (signed), p-value, log ratio of rates, BH-adjusted q-value.", by.as_str()),
            100,
        ),
        report::table_section(
            &tables.theme_firsts,
            "First appearances and lead–lag",
            "theme_firsts.csv",
            "Each theme's first remark in each body, who made it, and how many days after the first body.",
            100,
        ),
        report::table_section(
            &tables.theme_bursts,
            "Bursts",
            "theme_bursts.csv",
            "Kleinberg two-state bursts of each theme's rate over the meetings (committee empty: all bodies).",
            100,
        ),
        report::table_section(
            &tables.emerging_terms,
            "Emerging terms",
            "emerging_terms.csv",
            "Nouns whose rate rises over the years (BH q < 0.05) and that no theme covers, with the kwic command to read them.",
            50,
        ),
        report::table_section(
            &tables.theme_cooccurrence,
            "Themes in the same remark",
            "theme_cooccurrence.csv",
            "Pairs of themes sharing remarks: counts, Jaccard, PMI.",
            100,
        ),
        report::table_section(
            &tables.theme_counts,
            "Theme counts",
            "theme_counts.csv",
            "One row per meeting and theme, zero hits included.",
            100,
        ),
        report::table_section(
            &tables.speaker_themes,
            "Speakers and themes",
            "speaker_themes.csv",
            "Hits per speaker and theme (hits > 0).",
            100,
        ),
        report::table_section(
            &tables.top_terms,
            "Top nouns",
            "top_terms.csv",
            "The most frequent nouns of each meeting.",
            100,
        ),
    ];
    let skipped = summary
        .inputs
        .iter()
        .filter(|i| i.status != FileStatus::Parsed)
        .map(|i| (i.path.clone(), i.reason.clone().unwrap_or_default()))
        .collect();
    ReportInput {
        title: "kaigi report".into(),
        summary: summary_rows,
        charts,
        tables: tables_out,
        commands: vec![
            "bash scripts/setup.sh".into(),
            format!("cargo run --release -- {}", cfg.command),
        ],
        skipped,
        version: env!("CARGO_PKG_VERSION").into(),
        explore: None,
    }
}

/// The report's summary: corpus, files, meetings, committees, dates, remarks, tokens, themes.
fn summary_rows(
    cfg: &JobConfig,
    agg: &Aggregator,
    meetings: &[MeetingThemes],
    summary: &RunSummary,
) -> Vec<(String, String)> {
    let mut committees: Vec<&str> = meetings.iter().map(|m| m.committee.as_str()).collect();
    committees.sort();
    committees.dedup();
    let mut dates: Vec<&str> = meetings
        .iter()
        .map(|m| m.date.as_str())
        .filter(|d| !d.is_empty())
        .collect();
    dates.sort();
    let parsed = summary
        .inputs
        .iter()
        .filter(|i| i.status == FileStatus::Parsed)
        .count();
    vec![
        ("Corpus".to_string(), cfg.corpus.display().to_string()),
        (
            "Files".into(),
            format!(
                "{} ({} parsed, {} skipped)",
                summary.inputs.len(),
                parsed,
                summary.inputs.len() - parsed
            ),
        ),
        ("Meetings".into(), meetings.len().to_string()),
        (
            "Committees".into(),
            format!("{} ({})", committees.len(), committees.join("、")),
        ),
        (
            "Dates".into(),
            match (dates.first(), dates.last()) {
                (Some(a), Some(b)) => format!("{a} – {b}"),
                _ => "unknown".into(),
            },
        ),
        ("Remarks".into(), summary.remarks.to_string()),
        ("Tokens".into(), summary.tokens.to_string()),
        ("Themes".into(), agg.themes().len().to_string()),
    ]
}
