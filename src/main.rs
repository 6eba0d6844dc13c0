//! The `kaigi` binary: turns the command's result into an exit code.
//!
//! Exit codes: 0 every input file parsed; 1 some file was skipped (named on stderr with its
//! reason; the rest were processed and written); 2 a usage or configuration error (bad option,
//! theme file error, no dictionary, output not writable): nothing was written.

mod cli;

use clap::Parser;

/// mimalloc instead of glibc's malloc: the pipeline makes many short-lived allocations on
/// several threads, where glibc's arenas spent about a fifth of a run's CPU time (perf, 100 MB).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args = cli::Cli::parse();
    let code = match cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("kaigi: error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
