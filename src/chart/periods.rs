//! Calendar time: parsed dates, meetings summed per month, quarter, year or
//! span of years ([`PeriodBars`], at most [`MAX_MEETING_BARS`] bars), and a
//! plotters date axis ([`DateAxis`]) on which dates keep their true spacing.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, Ranged, ValueFormatter};

/// The date of an ISO `YYYY-MM-DD…` string; `None` when empty or unparsable.
pub(super) fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Most bars of the meeting chart: up to this many meetings get a bar each;
/// beyond, meetings are summed per month, quarter, year or span of years,
/// whichever first gives at most this many bars (the undated bar included).
pub(super) const MAX_MEETING_BARS: usize = 60;

/// Bar of the meetings without a (parsable) date.
pub(super) const NO_DATE_BAR: &str = "日付なし";

/// Calendar span of one bar when meetings are summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Period {
    Month,
    Quarter,
    Year,
    /// Spans of this many years, starting at a year divisible by it.
    Years(i32),
}

impl Period {
    fn months(self) -> i32 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::Year => 12,
            Period::Years(n) => n.saturating_mul(12),
        }
    }

    /// Periods from the shortest on; the spans of years grow without end.
    fn nth(k: usize) -> Period {
        match k {
            0 => Period::Month,
            1 => Period::Quarter,
            2 => Period::Year,
            k => {
                // 2, 5, 10, 20, 50, 100, …
                let k = k - 3;
                let base: i32 = [2, 5, 10][k % 3];
                Period::Years(base.saturating_mul(10i32.saturating_pow((k / 3) as u32)))
            }
        }
    }

    fn key(self, d: NaiveDate) -> i32 {
        month_index(d).div_euclid(self.months())
    }

    /// Label of the period with `key`, e.g. `2023-05`, `2023-04〜06`,
    /// `2023`, `2020〜2024`.
    fn label(self, key: i32) -> String {
        let first = key.saturating_mul(self.months());
        let (y, m) = (first.div_euclid(12), first.rem_euclid(12) + 1);
        match self {
            Period::Month => format!("{y}-{m:02}"),
            Period::Quarter => format!("{y}-{m:02}〜{:02}", m + 2),
            Period::Year => format!("{y}"),
            Period::Years(n) => format!("{y}〜{}", y.saturating_add(n - 1)),
        }
    }

    /// Japanese name (`月`, `四半期`, `年`, `5年`) and how long one bar is
    /// (`1か月`, `3か月`, `1年`, `5年`).
    fn name_and_span(self) -> (String, String) {
        let (name, span) = match self {
            Period::Month => ("月", "1か月"),
            Period::Quarter => ("四半期", "3か月"),
            Period::Year => ("年", "1年"),
            Period::Years(n) => return (format!("{n}年"), format!("{n}年")),
        };
        (name.into(), span.into())
    }
}

/// Hits of all meetings of one period.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PeriodBar {
    /// Period label ([`Period::label`]) or [`NO_DATE_BAR`].
    pub(super) label: String,
    /// Meetings summed into the bar.
    pub(super) meetings: usize,
    /// Summed hits per series.
    pub(super) hits: Vec<u64>,
}

impl PeriodBar {
    /// Bar label with the number of meetings, e.g. `2023-05（12回）`.
    pub(super) fn row_label(&self) -> String {
        format!("{}（{}回）", self.label, self.meetings)
    }
}

/// The bars of the meeting chart when meetings are summed per period.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PeriodBars {
    /// Span of every bar.
    pub(super) period: Period,
    /// In calendar order, the undated bar last.
    pub(super) bars: Vec<PeriodBar>,
}

/// Sums `(date, hits per series)` of meetings per calendar period: the
/// shortest of month, quarter, year, 2, 5, 10… years that gives at most
/// `max_bars` bars, counting one bar for all meetings without a date. Only
/// periods with meetings get a bar.
pub(super) fn bucket_by_period<'a>(
    meetings: impl Iterator<Item = (Option<NaiveDate>, &'a [u64])> + Clone,
    max_bars: usize,
) -> PeriodBars {
    let undated = meetings.clone().any(|(d, _)| d.is_none());
    let mut period = Period::Month;
    for k in 0.. {
        period = Period::nth(k);
        let keys: BTreeSet<i32> = meetings
            .clone()
            .filter_map(|(d, _)| d.map(|d| period.key(d)))
            .collect();
        if keys.len() + usize::from(undated) <= max_bars
            || keys.len() <= 1
            || period.months() >= 12 * 1_000_000
        {
            break;
        }
    }
    let mut dated: BTreeMap<i32, PeriodBar> = BTreeMap::new();
    let mut none: Option<PeriodBar> = None;
    for (date, hits) in meetings {
        let bar = match date {
            Some(d) => {
                let key = period.key(d);
                dated.entry(key).or_insert_with(|| PeriodBar {
                    label: period.label(key),
                    meetings: 0,
                    hits: Vec::new(),
                })
            }
            None => none.get_or_insert_with(|| PeriodBar {
                label: NO_DATE_BAR.to_string(),
                meetings: 0,
                hits: Vec::new(),
            }),
        };
        bar.meetings += 1;
        if bar.hits.len() < hits.len() {
            bar.hits.resize(hits.len(), 0);
        }
        for (sum, h) in bar.hits.iter_mut().zip(hits) {
            *sum += h;
        }
    }
    PeriodBars {
        period,
        bars: dated.into_values().chain(none).collect(),
    }
}

/// Title of the meeting chart with one bar per period.
pub(super) fn periods_title(period: Period) -> String {
    format!(
        "{}ごとのテーマ出現率（1万語あたり）",
        period.name_and_span().0
    )
}

/// Legend note of the meeting chart with one bar per period.
pub(super) fn period_note(period: Period, meetings: usize) -> Vec<String> {
    vec![
        format!("1本 = {}の全会議の合計", period.name_and_span().1),
        format!("会議 {meetings} 回（括弧内は各期間の回数）"),
    ]
}

/// Calendar x axis: dates keep their true spacing, ticks fall on month starts.
#[derive(Clone, Debug)]
pub(super) struct DateAxis {
    start: NaiveDate,
    end: NaiveDate,
}

impl DateAxis {
    /// Range around `[min, max]`, padded so that one date still gives an axis.
    pub(super) fn padded(min: NaiveDate, max: NaiveDate) -> Self {
        let span = (max - min).num_days();
        let pad = chrono::Duration::days((span / 20).max(35));
        DateAxis {
            start: min - pad,
            end: max + pad,
        }
    }
}

/// Months since year 0 of the month of `d`.
fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// First day of month `m` ([`month_index`]).
fn month_start(m: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
}

/// Month starts within `[start, end]`, every 1, 2, 3, 6, 12… months so that
/// there are at most `max` of them.
fn month_ticks(start: NaiveDate, end: NaiveDate, max: usize) -> Vec<NaiveDate> {
    if max == 0 || end < start {
        return Vec::new();
    }
    let first = month_index(start) + i32::from(start.day() != 1);
    let last = month_index(end);
    if last < first {
        return Vec::new();
    }
    let steps = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200];
    let mut step = *steps.last().expect("non-empty");
    for s in steps {
        let count = (last.div_euclid(s) - (first - 1).div_euclid(s)) as usize;
        if count <= max {
            step = s;
            break;
        }
    }
    let mut m = first + (step - first.rem_euclid(step)) % step;
    let mut out = Vec::new();
    while m <= last && out.len() < max {
        if let Some(d) = month_start(m) {
            out.push(d);
        }
        m += step;
    }
    out
}

impl Ranged for DateAxis {
    type FormatOption = NoDefaultFormatting;
    type ValueType = NaiveDate;

    fn map(&self, value: &NaiveDate, limit: (i32, i32)) -> i32 {
        let total = (self.end - self.start).num_days().max(1) as f64;
        let offset = (*value - self.start).num_days() as f64;
        limit.0 + (offset / total * f64::from(limit.1 - limit.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<NaiveDate> {
        month_ticks(self.start, self.end, hint.max_num_points())
    }

    fn range(&self) -> Range<NaiveDate> {
        self.start..self.end
    }
}

impl ValueFormatter<NaiveDate> for DateAxis {
    fn format(value: &NaiveDate) -> String {
        value.format("%Y-%m").to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_ticks_fall_on_month_starts() {
        let d = |s| parse_date(s).unwrap();
        assert_eq!(
            month_ticks(d("2023-04-12"), d("2023-07-01"), 10),
            vec![d("2023-05-01"), d("2023-06-01"), d("2023-07-01")]
        );
        let ticks = month_ticks(d("2019-01-01"), d("2024-12-31"), 6);
        assert!(ticks.len() <= 6 && !ticks.is_empty());
        assert!(ticks.iter().all(|t| t.day() == 1));
        let one = DateAxis::padded(d("2023-04-12"), d("2023-04-12"));
        assert!(!month_ticks(one.start, one.end, 5).is_empty());
        assert!(month_ticks(d("2023-04-12"), d("2023-04-20"), 5).is_empty());
    }

    #[test]
    fn period_bucketing_keeps_bars_few_and_totals_true() {
        let d = |s| parse_date(s).unwrap();
        let bucket = |m: &[(Option<NaiveDate>, Vec<u64>)]| {
            bucket_by_period(m.iter().map(|(d, h)| (*d, h.as_slice())), 60)
        };
        // 200 meetings over 3 years: one bar per month, all hits kept.
        let start = d("2021-01-04");
        let meetings: Vec<(Option<NaiveDate>, Vec<u64>)> = (0..200)
            .map(|k| {
                let date = start + chrono::Duration::days(k * 1095 / 200);
                (Some(date), vec![k as u64 % 5, 1])
            })
            .collect();
        let b = bucket(&meetings);
        assert_eq!(b.period, Period::Month);
        assert_eq!(b.bars.len(), 36);
        assert!(b.bars.len() <= 60);
        assert_eq!(b.bars[0].label, "2021-01");
        assert_eq!(b.bars.iter().map(|b| b.meetings).sum::<usize>(), 200);
        let want: u64 = meetings.iter().map(|(_, h)| h[0]).sum();
        assert_eq!(b.bars.iter().map(|b| b.hits[0]).sum::<u64>(), want);
        assert_eq!(b.bars.iter().map(|b| b.hits[1]).sum::<u64>(), 200);
        assert!(b.bars.windows(2).all(|w| w[0].label < w[1].label));

        // Over 10 years months would be 120 bars: quarters; undated last.
        let mut meetings: Vec<(Option<NaiveDate>, Vec<u64>)> = (0..200)
            .map(|k| {
                (
                    Some(start + chrono::Duration::days(k * 3650 / 200)),
                    vec![2],
                )
            })
            .collect();
        meetings.insert(7, (None, vec![5]));
        meetings.push((None, vec![1]));
        let b = bucket(&meetings);
        assert_eq!(b.period, Period::Quarter);
        assert!(b.bars.len() <= 60, "{}", b.bars.len());
        assert_eq!(b.bars[0].label, "2021-01〜03");
        assert_eq!(
            b.bars[0].row_label(),
            format!("2021-01〜03（{}回）", b.bars[0].meetings)
        );
        let last = b.bars.last().unwrap();
        assert_eq!(last.label, NO_DATE_BAR);
        assert_eq!((last.meetings, last.hits.clone()), (2, vec![6]));
        assert_eq!(last.row_label(), "日付なし（2回）");
        assert_eq!(b.bars.iter().map(|b| b.hits[0]).sum::<u64>(), 400 + 6);

        // 60 distinct quarters and an undated bar are too many: years.
        let meetings: Vec<(Option<NaiveDate>, Vec<u64>)> = (0..60)
            .map(|k| (Some(start + chrono::Duration::days(k * 92)), vec![1]))
            .chain([(None, vec![1])])
            .collect();
        let b = bucket(&meetings);
        assert_eq!(b.period, Period::Year);
        assert_eq!(b.bars[0].label, "2021");
        assert_eq!(b.bars.iter().map(|b| b.meetings).sum::<usize>(), 61);

        // Dates over centuries: spans of years.
        let meetings: Vec<(Option<NaiveDate>, Vec<u64>)> = (0..300)
            .map(|k| (NaiveDate::from_ymd_opt(1800 + k, 6, 1), vec![1]))
            .collect();
        let b = bucket(&meetings);
        assert_eq!(b.period, Period::Years(5));
        assert_eq!(b.bars.len(), 60);
        assert_eq!(b.bars[0].label, "1800〜1804");
        assert_eq!(
            periods_title(b.period),
            "5年ごとのテーマ出現率（1万語あたり）"
        );

        // Only undated meetings: one bar.
        let meetings = [(None, vec![3u64]), (None, vec![4])];
        let b = bucket(&meetings);
        assert_eq!(b.bars.len(), 1);
        assert_eq!(b.bars[0].hits, vec![7]);
    }
}
