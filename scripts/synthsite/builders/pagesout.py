"""`synthsite pages --out DIR`: the generated site written to disk as a plain docs tree.

The tree holds the package's own assets (CSS, JavaScript, vendored libraries), the hand-written docs/ over
them and every generated page and download on top, so any Material-compatible builder can build it without
the MkDocs plugin (`synthsite pages --config` also writes that builder's configuration: see `standalone`).
Files are written atomically; a second run into the same folder removes what the data no longer produce (it
only ever deletes inside a folder that carries its marker, never a folder it did not create).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from synthsite.builders.packaged import static_files
from synthsite.contrib.guide import guide_pages
from synthsite.fsutil import write_atomic
from synthsite.load.datafiles import ReadRefused
from synthsite.render import Site

MARKER = ".synthsite-pages"


class OutError(Exception):
    """The output folder cannot be used (not empty and not made by this command)."""


def _safe(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutError(f"refusing to write outside the output folder: {relative!r}")
    return path


def tree(site: Site, docs_dir: Path | None, site_url: str = "") -> dict[str, str | bytes]:
    """Everything to write: packaged assets, docs/ files over them, generated files on top (they win on a clash),
    and the contribute page made from the CONTRIBUTING.md beside docs/."""
    files: dict[str, str | bytes] = dict(static_files())
    if docs_dir is not None and docs_dir.is_dir():
        if not docs_dir.resolve().is_relative_to(docs_dir.parent.resolve()):
            raise OutError(f"{docs_dir.name}/ points outside the project (symlink); nothing in it is copied")
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(docs_dir).as_posix()] = path.read_bytes()
    if docs_dir is not None:
        try:
            files.update(guide_pages(docs_dir.parent, site_url))
        except ReadRefused as exc:
            raise OutError(exc.message) from None
    files.update(site.pages)
    files.update(site.files)
    files.update(site.binary)
    return files


def write(site: Site, out: Path, docs_dir: Path | None, site_url: str = "") -> int:
    """Write the tree into `out`; returns the number of files written."""
    return write_tree(tree(site, docs_dir, site_url), out)


def write_tree(files: dict[str, str | bytes], out: Path) -> int:
    """Write `files` into `out`, removing what an earlier run wrote and `files` no longer holds."""
    if out.exists() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutError(f"{out} is not empty and was not written by `synthsite pages`; choose an empty folder")
    for relative, content in files.items():
        write_atomic(out / _safe(relative), content)
    write_atomic(out / MARKER, "written by `synthsite pages`; the next run replaces this folder's contents\n")
    keep = {out / _safe(relative) for relative in files} | {out / MARKER}
    for path in sorted(out.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return len(files)
