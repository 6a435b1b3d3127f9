"""`synthsite pages --out DIR`: the generated site written to disk as a plain docs tree.

The tree holds the package's own assets (CSS, JavaScript, vendored libraries), the hand-written docs/ over
them and every generated page and download on top, so any Material-compatible builder can build it without
the MkDocs plugin (`synthsite pages --config` also writes that builder's configuration: see `standalone`).
Files are written atomically; a second run into the same folder removes what the data no longer produce (it
only ever deletes inside a folder that carries its marker, never a folder it did not create).
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePosixPath

from synthsite.builders.guide import GUIDE_FILE
from synthsite.builders.publication import Publication
from synthsite.fsutil import write_atomic

MARKER = ".synthsite-pages"
EDIT_KEY = "synthsite_edit"
"""Front matter of a generated page in the tree: the repository file to edit for it, relative to docs/ (empty:
no edit link). The package's theme layer (partials/actions.html) turns it into the edit link, as the plugin
does for the pages it adds; without it, a builder would point every generated page at a docs/ file that does
not exist."""


class OutError(Exception):
    """The output folder cannot be used (not empty and not made by this command)."""


def _safe(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise OutError(f"refusing to write outside the output folder: {relative!r}")
    return path


def tree(published: Publication, docs_dir: Path | None) -> dict[str, str | bytes]:
    """Everything to write: packaged assets, docs/ files over them, the contribute page made from CONTRIBUTING.md
    and the generated files on top (they win on a clash)."""
    site = published.site
    files: dict[str, str | bytes] = dict(published.assets)
    if docs_dir is not None and docs_dir.is_dir():
        if not docs_dir.resolve().is_relative_to(docs_dir.parent.resolve()):
            raise OutError(f"{docs_dir.name}/ points outside the project (symlink); nothing in it is copied")
        for path in sorted(docs_dir.rglob("*")):
            if path.is_file() and not path.is_symlink():
                relative = path.relative_to(docs_dir).as_posix()
                content = path.read_bytes()
                if path.suffix == ".md":  # builders without MkDocs' own edit link (Zensical) get it from here
                    files[relative] = with_edit(content.decode("utf-8", errors="replace"), relative)
                else:
                    files[relative] = content
    guide_edit = edit_path(docs_dir, GUIDE_FILE) if docs_dir is not None else ""
    files.update({page: with_edit(text, guide_edit) for page, text in published.guide.items()})
    for page, text in site.pages.items():
        source = site.sources.get(page)
        files[page] = with_edit(text, edit_path(docs_dir, source) if source and docs_dir is not None else "")
    files.update(site.files)
    files.update(site.binary)
    return files


def edit_path(docs_dir: Path, source: str) -> str:
    """A project file relative to docs/, as the edit link appends it to edit_uri (the plugin's rule too)."""
    return Path(os.path.relpath(docs_dir.parent / source, docs_dir)).as_posix()


def with_edit(markdown: str, path: str) -> str:
    """The page with EDIT_KEY in its front matter (one is added when it has none)."""
    line = f"{EDIT_KEY}: {json.dumps(path)}\n"
    if markdown.startswith("---\n"):
        return "---\n" + line + markdown[4:]
    return f"---\n{line}---\n\n{markdown}"


def write(published: Publication, out: Path, docs_dir: Path | None) -> int:
    """Write the tree into `out`; returns the number of files written."""
    return write_tree(tree(published, docs_dir), out)


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
