//! What the benchmarks share: lindera's own segmenter on kaigi's dictionary, and a recording of
//! the pipeline's results to replay into an `Aggregator`.
#![allow(dead_code)] // each bench uses a part

use std::path::Path;

use kaigi::model::Meeting;
use kaigi::pipeline::{RemarkResult, Visitor};
use kaigi::segment::{Noun, Tokenizer};
use kaigi::tables::{Aggregator, ThemeInfo};
use kaigi::themes::ThemeSet;

/// A lindera `Segmenter` on the dictionary the tokenizer loaded (kaigi keeps its own private).
pub fn raw_segmenter(tok: &Tokenizer) -> Result<lindera::segmenter::Segmenter, String> {
    let p = &tok.provenance;
    let dict = lindera::dictionary::load_dictionary(&p.loaded)
        .map_err(|e| format!("load {}: {e}", p.loaded))?;
    let user = match &p.userdict {
        Some(u) => Some(
            lindera::dictionary::load_user_dictionary_from_csv(&dict.metadata, Path::new(u))
                .map_err(|e| format!("user dictionary {u}: {e}"))?,
        ),
        None => None,
    };
    Ok(lindera::segmenter::Segmenter::new(
        lindera::mode::Mode::Normal,
        dict,
        user,
    ))
}

/// A meeting as the pipeline handed it on: token total, noun counts, and per remark its
/// tokens and hits per theme.
pub struct Recorded {
    pub meeting: Meeting,
    pub tokens: u64,
    pub nouns: Vec<(Noun, u32)>,
    pub remarks: Vec<(u32, Vec<u32>)>,
}

/// A visitor that keeps what it is given, to replay it into an `Aggregator`.
#[derive(Default)]
pub struct Recorder(pub Vec<Recorded>);

impl Visitor for Recorder {
    fn meeting(&mut self, m: &Meeting, tokens: u64, nouns: &[(Noun, u32)]) -> kaigi::Result<()> {
        self.0.push(Recorded {
            meeting: m.clone(),
            tokens,
            nouns: nouns.to_vec(),
            remarks: Vec::new(),
        });
        Ok(())
    }
    fn remark(&mut self, r: &RemarkResult<'_>) -> kaigi::Result<()> {
        let last = self.0.last_mut().expect("meeting before its remarks");
        last.remarks.push((r.tokens, r.hits.clone()));
        Ok(())
    }
}

/// Replays the recorded results into a fresh `Aggregator` (streaming its tables into `dir`, if
/// given) and completes it (`finish_remarks`), as `kaigi count` does after the pipeline.
pub fn feed(themes: &ThemeSet, recorded: &[Recorded], dir: Option<&Path>) -> Aggregator {
    let mut agg = Aggregator::new(ThemeInfo::of(themes), 50, dir).expect("aggregator");
    for r in recorded {
        agg.meeting(&r.meeting, r.tokens, &r.nouns)
            .expect("meeting");
        for (remark, (tokens, hits)) in r.meeting.remarks.iter().zip(&r.remarks) {
            agg.remark(&RemarkResult {
                meeting: &r.meeting,
                remark,
                tokens: *tokens,
                hits: hits.clone(),
                term_hits: Vec::new(),
                positions: Vec::new(),
            })
            .expect("remark");
        }
    }
    agg.finish_remarks().expect("finish");
    agg
}
