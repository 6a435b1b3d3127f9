"""synthsite: a generator for living qualitative evidence syntheses."""

from pathlib import Path as _Path

__version__ = "0.1.0"

# Developer tools (the benchmark `python -m synthsite.bench` and its synthetic corpus) live in `dev/synthsite/`
# of a source checkout, outside the installed package, so the wheel never ships them. In a checkout they join
# the package here; in an installed wheel the folder does not exist and nothing changes.
_DEV_TOOLS = _Path(__file__).resolve().parent.parent.parent / "dev" / "synthsite"
if _DEV_TOOLS.is_dir():
    __path__.append(str(_DEV_TOOLS))
