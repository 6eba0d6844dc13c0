//! Fuzz target `store`: arbitrary bytes as a store entry, both as a whole file (header
//! included) and as a body behind a valid header, so that the bincode decoder and the shape
//! checks after it see arbitrary input.
//!
//! Invariants checked (besides "never panics" and "never allocates without bound"):
//! - bytes that are not an entry of this format for this input give `None`;
//! - whatever decodes encodes again to bytes that decode to the same entry.
#![no_main]

use libfuzzer_sys::fuzz_target;

use kaigi::store::codec;

const SHA: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fuzz_target!(|data: &[u8]| {
    if let Some(e) = codec::decode(data, SHA) {
        assert_eq!(codec::decode(&codec::encode(e.as_ref(), SHA), SHA), Some(e));
    }
    let framed = codec::frame(data, &codec::input_id(SHA));
    if let Some(e) = codec::decode(&framed, SHA) {
        let again = codec::encode(e.as_ref(), SHA);
        assert_eq!(codec::decode(&again, SHA), Some(e));
    }
});
