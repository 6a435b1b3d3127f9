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
import subprocess
import tempfile
from datetime import UTC, datetime
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

from synthsite.contrib.schema import SCHEMA_DIR
from synthsite.contrib.zenodo import ZENODO_FILE, zenodo_text
from synthsite.epoch import epoch_day
from synthsite.render.jsonschema import all_schemas

STARTER = resources.files("synthsite.contrib") / "starter"
LICENCE_TEXTS = resources.files("synthsite.contrib") / "licences"
CONTENT_LICENCES = ("CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODC-By-1.0")
"""Licences offered for the synthesis content (data, pages, downloads); the data package links each one."""
CODE_LICENCES = ("MIT", "Apache-2.0")
"""Licences offered for the project's code (Makefile, workflows, configuration); LICENSE carries the full text."""
GENERATOR_URL = "https://github.com/synthsite/synthsite"
"""Where other teams install synthsite from (the README of every new project links it)."""
GUIDE = "CONTRIBUTING.md"
"""The contributor guide: the synthsite plugin serves it on the site (/contribute/) at every build, so the
project holds it once, where GitHub shows it too."""


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


def _check_licences(content_licence: str, code_licence: str) -> None:
    if content_licence not in CONTENT_LICENCES:
        raise InitError(f"--licence: choose one of {', '.join(CONTENT_LICENCES)} for the synthesis content")
    if code_licence not in CODE_LICENCES:
        raise InitError(f"--code-licence: choose one of {', '.join(CODE_LICENCES)} for the project's code")


def licence_file(content_licence: str, code_licence: str, year: str, holder: str) -> str:
    """LICENSE: which licence covers what, then the full text of the code licence."""
    from synthsite.render.datapackage import LICENCE_URLS

    url, name = LICENCE_URLS[content_licence]
    code = (LICENCE_TEXTS / f"{code_licence}.txt").read_text(encoding="utf-8")
    code = code.replace("@@YEAR@@", year).replace("@@HOLDER@@", holder)
    return (
        f"The synthesis content (synthesis/, bibliography/, docs/ and the site and downloads built from them) is\n"
        f"licensed under {name} ({content_licence}): {url}\n\n"
        f"The project's code (Makefile, .github/, configuration) is licensed under {code_licence}:\n\n{code}"
    )


def citation_cff(title: str, content_licence: str, site_url: str, repository_url: str, date: str) -> str:
    """CITATION.cff for the new synthesis (GitHub's "Cite this repository"); its authors are the EXAMPLE team
    of synthesis.yaml until the review team replaces both."""
    return (
        "# How to cite this synthesis (https://citation-file-format.github.io). Keep it in step with\n"
        "# synthesis/synthesis.yaml: title, version, date, authors, licence and addresses.\n"
        "cff-version: 1.2.0\n"
        'message: "If you use this synthesis, please cite it as below."\n'
        "type: dataset\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        'version: "0.1.0"\n'
        f'date-released: "{date}"\n'
        "authors:\n"
        '  - name: "EXAMPLE: your review team"\n'
        f"license: {content_licence}\n"
        f"url: {json.dumps(site_url)}\n"
        f"repository-code: {json.dumps(repository_url)}\n"
        "keywords:\n"
        "  - qualitative evidence synthesis\n"
        "  - living review\n"
        "  - GRADE-CERQual\n"
    )


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
    *,
    title: str,
    site_url: str,
    repository_url: str,
    requirement: str,
    date: str | None = None,
    content_licence: str = "CC-BY-4.0",
    code_licence: str = "MIT",
) -> dict[str, str | bytes]:
    """Every file of the new project (relative path -> content)."""
    site_url = _check(title, site_url, repository_url, requirement)
    _check_licences(content_licence, code_licence)
    date = date or _release_date()
    values = {
        "@@TITLE@@": title,
        "@@TITLE_YAML@@": json.dumps(title, ensure_ascii=False),  # a JSON string is a YAML double-quoted scalar
        "@@SITE_NAME_YAML@@": json.dumps(site_name(title), ensure_ascii=False),
        "@@SITE_URL_YAML@@": json.dumps(site_url),
        "@@REPOSITORY_URL_YAML@@": json.dumps(repository_url),
        "@@EDIT_URI_YAML@@": json.dumps(f"{repository_url.rstrip('/')}/edit/main/docs/"),
        "@@LICENCE@@": content_licence,
        "@@REQUIREMENT@@": requirement,
        "@@GENERATOR_URL@@": GENERATOR_URL,
        "@@DATE@@": date,
    }
    files: dict[str, str | bytes] = {}
    for path, content in _walk(STARTER).items():
        text = content.decode("utf-8")
        for placeholder, value in values.items():
            text = text.replace(placeholder, value)
        files[path] = text
    for name, text in all_schemas(site_url).items():
        files[(SCHEMA_DIR / name).as_posix()] = text
    files["LICENSE"] = licence_file(content_licence, code_licence, date[:4], f"The authors of {site_name(title)}")
    files["CITATION.cff"] = citation_cff(title, content_licence, site_url, repository_url, date)
    files[ZENODO_FILE.as_posix()] = _zenodo(files)
    return files


def _zenodo(files: dict[str, str | bytes]) -> str:
    """.zenodo.json from the starter's own synthesis.yaml and CITATION.cff, as `synthsite release zenodo` writes it."""
    from synthsite.load.safeyaml import parse
    from synthsite.model import SynthesisMeta

    meta = SynthesisMeta.model_validate(parse(str(files["synthesis/synthesis.yaml"])))
    keywords = parse(str(files["CITATION.cff"]))["keywords"]
    return zenodo_text(meta, keywords)


def git_first_commit(target: Path) -> str:
    """`git init` and a first commit of the new project; returns what happened, in words for the user. Uses the
    user's git identity: without one, or without git, the folder stays uncommitted and the message says so."""
    git = shutil.which("git")
    if git is None:
        return "git not found: run `git init` in the project yourself"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([git, *args], cwd=target, capture_output=True, text=True, check=False)

    if run("init", "-q", "-b", "main").returncode != 0:
        return "git init failed: run `git init` in the project yourself"
    run("add", "-A")
    done = run("commit", "-q", "-m", "Start the synthesis with synthsite init")
    if done.returncode != 0:
        return "git repository created; commit the files yourself (git has no user.name/user.email set)"
    return "git repository created with a first commit on branch main"


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
