//! `kaigi speakers suggest`: which speaker names in a corpus are probably one person.
//!
//! Takes a corpus (parsed, not tokenized) and gives the names seen per role, body and meeting
//! ([`SpeakerObs`]) with the aliases [`crate::speakers::suggest`] proposes for them.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Result;
use crate::model::Meeting;
use crate::pipeline::{self, Progress, RemarkResult, RunSummary, Visitor};
use crate::speakers::{normalize_name, suggest_with, SpeakerObs, Suggestion};

/// Every (speaker, role, body, meeting) of the corpus with its remarks, and the suggestions.
pub fn speakers_job(
    corpus: &Path,
    progress: &dyn Progress,
) -> Result<(RunSummary, Vec<SpeakerObs>, Vec<Suggestion>)> {
    let cfg = pipeline::Config::new(corpus);
    let mut v = Collect::default();
    let summary = pipeline::run(&cfg, &mut v, progress)?;
    let obs: Vec<SpeakerObs> = v
        .seen
        .into_iter()
        .map(|((speaker, role, body, meeting_id), remarks)| SpeakerObs {
            speaker,
            role,
            body,
            meeting_id,
            remarks,
        })
        .collect();
    let suggestions = suggest_with(&obs, &v.attendees);
    Ok((summary, obs, suggestions))
}

#[derive(Default)]
struct Collect {
    seen: BTreeMap<(String, String, String, String), u64>,
    /// Each meeting's attendee names, whitespace removed.
    attendees: BTreeMap<String, Vec<String>>,
}

impl Visitor for Collect {
    fn meeting(&mut self, m: &Meeting, _t: u64, _n: &[(crate::segment::Noun, u32)]) -> Result<()> {
        let names = m
            .attendees
            .iter()
            .map(|a| normalize_name(&a.name))
            .collect();
        self.attendees.insert(m.meeting_id.clone(), names);
        Ok(())
    }

    fn remark(&mut self, r: &RemarkResult<'_>) -> Result<()> {
        if r.remark.speaker.is_empty() {
            return Ok(());
        }
        let key = (
            r.remark.speaker.clone(),
            r.remark.role.as_str().to_string(),
            r.meeting.committee.clone(),
            r.meeting.meeting_id.clone(),
        );
        *self.seen.entry(key).or_default() += 1;
        Ok(())
    }
}
