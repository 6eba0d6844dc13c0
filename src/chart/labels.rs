//! What the charts say: titles, legend headings, marks and notes.
//!
//! Takes nothing but counts to put in a sentence; gives the fixed Japanese
//! wording of every chart, so that it can also be checked against the font
//! (see [`super::chart_text`]).

pub(super) const TITLE_TRENDS: &str = "テーマの推移（1万語あたり）";
pub(super) const TITLE_HEATMAP: &str = "委員会 × テーマ（1万語あたり）";
pub(super) const TITLE_MEETINGS: &str = "会議ごとのテーマ出現数";
pub(super) const TITLE_ROLES: &str = "発言者の役割別テーマ出現数";
pub(super) const NO_DATA: &str = "データなし";
pub(super) const LEGEND_COMMITTEES: &str = "委員会";
pub(super) const LEGEND_THEMES: &str = "テーマ";
pub(super) const LEGEND_ROLES: &str = "発言者の役割";
pub(super) const DESC_DATE: &str = "会議日（年-月）";
pub(super) const DESC_HITS: &str = "出現数（件）";
pub(super) const UNKNOWN_DATE: &str = "日付不明";
pub(super) const HEAT_SCALE: &str = "1万語あたり";
pub(super) const HEAT_MISSING: &str = "–";
pub(super) const MARK_UP: &str = "▲";
pub(super) const MARK_DOWN: &str = "▼";
pub(super) const MARK_SIG: &str = "*";
/// Chars of numbers, dates and axis ticks.
pub(super) const NUMBER_CHARS: &str = "0123456789.,-+%()/";

/// Lumped themes in the meeting and role charts.
pub(super) const OTHER: &str = "その他";

/// Caption line of the heatmap: what the marks mean.
pub(super) fn heat_caption(significance: f64) -> String {
    format!(
        "枠と ▲/▼/* = G² 検定 p<{significance}（他の委員会との比較。▲ 多い、▼ 少ない）　{HEAT_MISSING} = データなし"
    )
}

/// Caption line of a heatmap showing only the top themes.
pub(super) fn heat_top_note(shown: usize, total: usize) -> String {
    format!("上位{shown}テーマ（全{total}件は committee_keyness.csv）")
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
