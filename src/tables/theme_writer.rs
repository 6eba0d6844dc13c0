//! Writes `remark_themes` and `theme_counts` on a thread of its own, a meeting at a time.

use polars::prelude::DataFrame;

use super::aggregate::{MeetingAgg, ThemeInfo};
use super::rate;
use super::stream::{TableStream, Val};
use crate::error::{Error, Result};

/// One completed meeting's rows for `theme_counts` and `remark_themes`.
pub(super) struct ThemeRows {
    pub meeting: MeetingAgg,
    /// (seq, theme index, hits), in key order.
    pub remark_hits: Vec<(u32, u32, u32)>,
    /// Occurrences per term of all themes (theme file order).
    pub term_hits: Vec<u32>,
}

/// Writes `remark_themes` and `theme_counts` on a thread of its own, a meeting at a time, so
/// that the thread that receives the remarks in order does not format their rows too.
pub(super) struct ThemeWriter {
    tx: Option<std::sync::mpsc::SyncSender<ThemeRows>>,
    handle: Option<std::thread::JoinHandle<Result<DataFrame>>>,
}

impl ThemeWriter {
    pub(super) fn spawn(
        mut remark_themes: TableStream,
        mut theme_counts: TableStream,
        mut term_counts: Option<TableStream>,
        themes: Vec<ThemeInfo>,
        theme_order: Vec<usize>,
    ) -> Self {
        // Each theme's terms: (index into term_hits, term), sorted by term.
        let mut offset = 0;
        let theme_terms: Vec<Vec<(usize, String)>> = themes
            .iter()
            .map(|t| {
                let mut v: Vec<(usize, String)> = t
                    .terms
                    .iter()
                    .enumerate()
                    .map(|(i, term)| (offset + i, term.clone()))
                    .collect();
                offset += t.terms.len();
                v.sort_by(|a, b| a.1.cmp(&b.1));
                v
            })
            .collect();
        let (tx, rx) = std::sync::mpsc::sync_channel::<ThemeRows>(256);
        let handle = std::thread::spawn(move || -> Result<DataFrame> {
            let mut intervals = crate::stats::RateIntervals::default();
            for ThemeRows {
                meeting: m,
                remark_hits,
                term_hits,
            } in rx
            {
                for (seq, t, h) in remark_hits {
                    remark_themes.push(&[
                        Val::Str(&m.meeting_id),
                        Val::U32(seq),
                        Val::Str(&themes[t as usize].id),
                        Val::U32(h),
                    ])?;
                }
                for &t in &theme_order {
                    let (lo, hi) = intervals.rate(m.hits[t] as u64, m.tokens);
                    theme_counts.push(&[
                        Val::Str(&m.meeting_id),
                        Val::Str(&m.committee),
                        Val::Str(&m.date),
                        Val::Str(&themes[t].id),
                        Val::U64(m.hits[t] as u64),
                        Val::U64(m.remarks_with[t] as u64),
                        Val::U64(m.remarks as u64),
                        Val::U64(m.tokens),
                        Val::F64(rate(m.hits[t] as u64, m.tokens)),
                        Val::F64(lo),
                        Val::F64(hi),
                        Val::Str(&themes[t].label),
                    ])?;
                    let Some(tc) = term_counts.as_mut() else {
                        continue;
                    };
                    for (i, term) in &theme_terms[t] {
                        let h = term_hits.get(*i).copied().unwrap_or(0) as u64;
                        if h > 0 {
                            tc.push(&[
                                Val::Str(&m.meeting_id),
                                Val::Str(&m.committee),
                                Val::Str(&m.date),
                                Val::Str(&themes[t].id),
                                Val::Str(term),
                                Val::U64(h),
                                Val::U64(m.hits[t] as u64),
                                Val::U64(m.tokens),
                                Val::F64(rate(h, m.tokens)),
                            ])?;
                        }
                    }
                }
            }
            if let Some(tc) = term_counts {
                tc.finish()?;
            }
            remark_themes.finish()?;
            theme_counts.finish()
        });
        ThemeWriter {
            tx: Some(tx),
            handle: Some(handle),
        }
    }

    /// Queues a meeting's rows; if the writer stopped, gives its error.
    pub(super) fn send(&mut self, rows: ThemeRows) -> Result<()> {
        let sent = self.tx.as_ref().map(|tx| tx.send(rows).is_ok());
        if sent == Some(true) {
            return Ok(());
        }
        self.tx = None;
        match self.join() {
            Err(e) => Err(e),
            Ok(_) => Err(Error::output("theme_counts", "table writer stopped")),
        }
    }

    fn join(&mut self) -> Result<DataFrame> {
        match self.handle.take() {
            Some(h) => h
                .join()
                .map_err(|_| Error::output("theme_counts", "table writer panicked"))?,
            None => Err(Error::output("theme_counts", "table writer already closed")),
        }
    }

    /// Closes both tables; gives theme_counts' excerpt.
    pub(super) fn finish(mut self) -> Result<DataFrame> {
        self.tx = None;
        self.join()
    }
}

impl Drop for ThemeWriter {
    fn drop(&mut self) {
        // On an early return the writer still ends (and is waited for) before the folder it
        // writes into is cleaned up.
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
