//! The `kaigi` binary: turns the command's result into an exit code.
//!
//! Exit codes: 0 every input file parsed; 1 some file was skipped (named on stderr with its
//! reason; the rest were processed and written); 2 a usage or configuration error (bad option,
//! theme file error, no dictionary, output not writable): nothing was written.

use kaigi::cli;

/// mimalloc instead of glibc's malloc: the pipeline makes many short-lived allocations on
/// several threads, where glibc's arenas spent about a fifth of a run's CPU time (perf, 100 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_t`, mimalloc 3's `mimalloc.h`,
/// as vendored by libmimalloc-sys 0.1.49).
const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;

unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

fn main() {
    // Freed memory is given back to the system after 1 s instead of 10 ms: a run frees and
    // reallocates its batches every few hundred milliseconds, and each give-back made the
    // kernel zero the same pages again (about a tenth of `kaigi parse`'s time; peak RSS
    // unchanged). `MIMALLOC_PURGE_DELAY` in the environment (mimalloc's own setting) wins.
    // SAFETY: sets an option of the allocator this binary links; any value is valid.
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 1000) };
    }
    let args = match cli::Cli::parse_args(std::env::args_os()) {
        Ok(a) => a,
        Err(e) => e.exit(),
    };
    let code = match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kaigi: error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
