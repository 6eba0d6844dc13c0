//! Fuzz target `parse`: arbitrary bytes → `kaigi::ingest::decode` → (if Ok) `kaigi::parse::parse`.
//!
//! Invariants checked (besides "never panics"):
//! - the remarks' `seq` numbers are exactly 1..=n, in order;
//! - a remark's text is empty only when the remark is labelled (a speaker label with nothing
//!   after it); a labelled remark always has a non-empty `speaker_label`;
//! - `NoRemarks` is the only error, and a successful parse has at least one remark.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((text, _encoding)) = kaigi::ingest::decode(data) else {
        return;
    };
    // decode promises: no `\r`, no BOM at the start, something other than whitespace.
    assert!(!text.contains('\r'), "decode left a \\r in the text");
    assert!(!text.trim().is_empty(), "decode accepted blank text");

    let parsed = match kaigi::parse::parse(&text, "fuzz/input.txt") {
        Ok(p) => p,
        Err(kaigi::parse::ParseError::NoRemarks) => return,
    };
    let m = &parsed.meeting;
    assert_eq!(m.meeting_id, "fuzz/input");
    assert!(!m.remarks.is_empty(), "Ok with no remarks");
    for (i, r) in m.remarks.iter().enumerate() {
        assert_eq!(
            r.seq as usize,
            i + 1,
            "remark seq numbers must be 1..=n: {:?}",
            m.remarks
        );
        if r.text.is_empty() {
            assert!(
                !r.speaker_label.is_empty(),
                "remark {} has empty text but no label: {r:?}",
                r.seq
            );
        }
    }
});
