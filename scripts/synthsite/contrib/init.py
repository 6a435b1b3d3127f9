"""`synthsite init DIR`: start a new synthesis that validates and builds strictly at once.

The starter project is package data (`starter/`): review metadata, one example domain, theme, study and
BibTeX entry (all marked EXAMPLE), mkdocs.yml, Makefile, CI workflows, README and contributor guide. Names
starting with `dot-` become dot files (package data globs skip hidden files). Its requirements.txt names
the synthsite this command runs, so the new project builds with the same generator.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from datetime import UTC, datetime
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from synthsite.contrib.schema import SCHEMA_DIR, all_schemas
from synthsite.epoch import epoch_day

STARTER = resources.files("synthsite.contrib") / "starter"
GENERATOR_URL = "https://github.com/synthsite/synthsite"
"""Where other teams install synthsite from (the README of every new project links it)."""
GUIDE = "CONTRIBUTING.md"
GUIDE_PAGE = "docs/contribute/index.md"
"""The contributor guide, written once in the starter, lands in the repository and on the site."""


class InitError(Exception):
    """The target folder or an option cannot be used; nothing was written."""


def default_requirement() -> str:
    """The running synthsite as a pip requirement: the released version (`synthsite==X.Y.Z`, what `pip install
    synthsite` installed), or, for a development install, where it came from (PEP 610 direct_url.json: a git
    commit or a local folder), so a project started from a checkout builds with that checkout."""
    dist = metadata.distribution("synthsite")
    record = dist.read_text("direct_url.json")
    info = json.loads(record) if record else {}
    url = str(info.get("url", ""))
    if "vcs_info" in info and info["vcs_info"].get("commit_id"):
        return f"synthsite @ git+{url}@{info['vcs_info']['commit_id']}"
    if "dir_info" in info and url.startswith("file://"):
        return f"synthsite @ {url}"
    return f"synthsite=={dist.version}"


def _release_date() -> str:
    return epoch_day() or datetime.now(tz=UTC).strftime("%Y-%m-%d")


def _check(title: str, site_url: str, repository_url: str, requirement: str) -> str:
    """Problems with the options, in the words a user needs; returns site_url ending with `/`."""
    if not title.strip() or "\n" in title or len(title) > 300:
        raise InitError("--title: give one line of text (at most 300 characters)")
    for option, url in (("--site-url", site_url), ("--repository-url", repository_url)):
        if not re.fullmatch(r"https?://[^\s\"'<>]+", url):
            raise InitError(
                f"{option}: give an http(s) address without spaces or quotes, e.g. https://example.org/review/"
            )
    if not requirement.strip() or "\n" in requirement:
        raise InitError(
            "--requirement: give one pip requirement line, e.g. 'synthsite==0.1.0' or 'synthsite @ file:///...whl'"
        )
    return site_url if site_url.endswith("/") else site_url + "/"


def site_name(title: str) -> str:
    """The title as mkdocs.yml's site_name, which Material writes into HTML unescaped (`<title>`, aria-label):
    without `<` and `>`, and with `"` as `'`. The synthesis title itself (synthesis.yaml) keeps every character."""
    return " ".join(title.replace("<", " ").replace(">", " ").replace('"', "'").split())


def _walk(folder: Traversable, prefix: str = "") -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if item.name == "__pycache__":
            continue
        name = "." + item.name.removeprefix("dot-") if item.name.startswith("dot-") else item.name
        if item.is_dir():
            files.update(_walk(item, f"{prefix}{name}/"))
        else:
            files[f"{prefix}{name}"] = item.read_bytes()
    return files


def project_files(
    *, title: str, site_url: str, repository_url: str, requirement: str, date: str | None = None
) -> dict[str, str | bytes]:
    """Every file of the new project (relative path -> content)."""
    site_url = _check(title, site_url, repository_url, requirement)
    values = {
        "@@TITLE@@": title,
        "@@TITLE_YAML@@": json.dumps(title, ensure_ascii=False),  # a JSON string is a YAML double-quoted scalar
        "@@SITE_NAME_YAML@@": json.dumps(site_name(title), ensure_ascii=False),
        "@@SITE_URL_YAML@@": json.dumps(site_url),
        "@@REPOSITORY_URL_YAML@@": json.dumps(repository_url),
        "@@REQUIREMENT@@": requirement,
        "@@GENERATOR_URL@@": GENERATOR_URL,
        "@@DATE@@": date or _release_date(),
    }
    files: dict[str, str | bytes] = {}
    for path, content in _walk(STARTER).items():
        text = content.decode("utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        files[path] = text
    files[GUIDE_PAGE] = files[GUIDE]
    for name, text in all_schemas(site_url).items():
        files[(SCHEMA_DIR / name).as_posix()] = text
    return files


def write_project(target: Path, files: dict[str, str | bytes]) -> None:
    """Write into a new (or empty) folder, all at once: a failure leaves no half-made project behind."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InitError(f"{target} already exists and is not empty; choose a new folder")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8") if isinstance(content, str) else content
            path.write_bytes(data)
        staging.chmod(0o755)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
