"""Type stubs of the native module (python/src/lib.rs)."""

class KaigiError(Exception):
    """A kaigi command failed: a usage error, a bad configuration, or an input/output error."""

def run(argv: list[str]) -> int:
    """Runs one kaigi command line (argv[0] is the program name); gives its exit code."""

def version() -> str:
    """kaigi's version."""
