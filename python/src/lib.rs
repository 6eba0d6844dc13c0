//! `kaigi._native`: the kaigi command line as a Python function.
//!
//! Takes the argument list of a `kaigi` command line (`["kaigi", "count", "data/corpus",
//! "--out", "t", "-q"]`, the program name first) and gives what the command would exit with:
//! 0 when every input parsed, 1 when some input was skipped (named on stderr) or `kwic` found
//! nothing. The command runs with the GIL released. A usage error or a failed run raises
//! `KaigiError` with the whole message (clap's, or the error chain). `version()` gives kaigi's
//! version. The Python API in `kaigi/__init__.py` is built on these two.

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    kaigi,
    KaigiError,
    PyException,
    "A kaigi command failed: a usage error, a bad configuration, or an input/output error."
);

/// Runs one kaigi command line (`argv[0]` is the program name); returns its exit code.
#[pyfunction]
fn run(py: Python<'_>, argv: Vec<String>) -> PyResult<i32> {
    let cli = match kaigi::cli::Cli::parse_args(&argv) {
        Ok(cli) => cli,
        // `--help` and `--version` are no error: print them as the binary would.
        Err(e) if !e.use_stderr() => {
            print!("{}", e.render());
            return Ok(0);
        }
        Err(e) => {
            let message = e.render().to_string();
            return Err(KaigiError::new_err(message.trim_end().to_owned()));
        }
    };
    let result: anyhow::Result<i32> = py.detach(|| kaigi::cli::run(cli));
    result.map_err(|e| KaigiError::new_err(format!("{e:#}")))
}

/// kaigi's version: the library crate's `CARGO_PKG_VERSION`, as `kaigi --version` says it.
#[pyfunction]
fn version() -> String {
    use clap::CommandFactory;
    kaigi::cli::Cli::command()
        .get_version()
        .unwrap_or_default()
        .to_string()
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add("KaigiError", m.py().get_type::<KaigiError>())?;
    Ok(())
}
