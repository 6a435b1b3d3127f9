"""The `synthsite` command line: thin wrappers that call the pipeline and print problems, never tracebacks."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from synthsite.epoch import EpochError
from synthsite.load.corpus import Corpus
from synthsite.load.problems import DataError, Problem
from synthsite.load.text import displayable
from synthsite.pipeline import validate as validate_corpus

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def require_corpus(root: Path, strict: bool = False) -> Corpus:
    """The valid corpus, or DataError carrying every problem (for commands that build from the data)."""
    corpus, problems = validate_corpus(root, strict)
    if corpus is None:
        raise DataError(problems)
    for problem in problems:
        click.echo(problem.format(), err=True)
    return corpus


def _friendly(func: F) -> F:
    """Print problems and expected failures as messages with an exit code; no traceback reaches users."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DataError as exc:
            report(exc.problems)
            sys.exit(EXIT_PROBLEMS)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except EpochError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
        except OSError as exc:
            where = displayable(str(exc.filename or ""))
            click.echo(f"error: {exc.strerror or exc}: {where}".rstrip(": "), err=True)
            sys.exit(EXIT_PROBLEMS)

    return wrapper  # type: ignore[return-value]


def report(problems: list[Problem]) -> None:
    """Print problems one per line, then a summary line."""
    for problem in problems:
        click.echo(problem.format(), err=True)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="Project folder holding synthesis/ and bibliography/.",
)


class FullSummaries(click.Group):
    """A command group whose help lists each command's whole first sentence, wrapped, never cut with "..."."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=FullSummaries, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="synthsite")
def main() -> None:
    """Validate, cross-reference and publish a living qualitative evidence synthesis."""


@main.command()
@root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@_friendly
def validate(root: Path, strict: bool) -> None:
    """Check every study, theme and reference; exit 1 if anything is wrong."""
    corpus, problems = validate_corpus(root, strict)
    if problems:
        report(problems)
    if corpus is None:
        sys.exit(EXIT_PROBLEMS)
    click.echo(verdict(len(corpus.studies), len(corpus.themes.themes), len(problems)))


def verdict(studies: int, themes: int, warnings: int) -> str:
    """The closing line of a passing `validate`: never a bare "ok" while warnings are outstanding."""
    counts = (
        f"{studies} {'study' if studies == 1 else 'studies'}, {themes} synthesized theme{'' if themes == 1 else 's'}"
    )
    if not warnings:
        return f"ok: {counts}"
    return f"ok, with {warnings} warning{'' if warnings == 1 else 's'}: {counts}"


@main.command()
@root_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv", "bibtex", "ris"]),
    required=True,
    help="json: the whole corpus; csv: the studies table; bibtex/ris: the bibliography.",
)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write here instead of stdout.")
@_friendly
def export(root: Path, fmt: str, out: Path | None) -> None:
    """Export the validated corpus (nothing is written if the data are invalid)."""
    from synthsite.pipeline import export_text

    corpus = require_corpus(root)
    text = export_text(corpus, fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        from synthsite.fsutil import write_atomic

        write_atomic(out, text)


@main.command()
@click.argument("study_id", metavar="ID")
@click.option(
    "--bibtex",
    "bibtex_file",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="A .bib file holding the study's one BibTeX entry; it is appended to bibliography/references.bib.",
)
@root_option
@_friendly
def new(study_id: str, bibtex_file: Path, root: Path) -> None:
    """Start a study file, synthesis/studies/ID.yaml, from a commented template; never overwrites."""
    from synthsite.contrib import scaffold

    try:
        planned = scaffold.plan(root, study_id, bibtex_file)
    except scaffold.BadId as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    except scaffold.ScaffoldError as exc:
        for problem in exc.problems:
            click.echo(problem.format(), err=True)
        click.echo("nothing was written", err=True)
        sys.exit(EXIT_PROBLEMS)
    try:
        scaffold.write(planned)
    except FileExistsError:
        click.echo(f"error: {planned.study_path} appeared while writing; nothing was changed", err=True)
        sys.exit(EXIT_PROBLEMS)
    study = planned.study_path.relative_to(root).as_posix()
    click.echo(f"created {study} ({planned.to_fill} values to fill in)")
    click.echo(f"added {planned.key} to {scaffold.BIB_FILE.as_posix()}")
    click.echo(f"next: fill in {study} from the paper, then run `synthsite validate`")


@main.command()
@root_option
@click.option("--check", is_flag=True, help="Only compare; exit 1 if a checked-in schema is out of date.")
@_friendly
def schema(root: Path, check: bool) -> None:
    """Write the JSON Schema of the data files (synthesis/schema/*.schema.json) from the models."""
    from synthsite.contrib.schema import SCHEMA_DIR, SiteUrlError, all_schemas, project_site_url
    from synthsite.fsutil import write_atomic

    try:
        site_url = project_site_url(root)
    except SiteUrlError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    stale = []
    for name, text in all_schemas(site_url).items():
        path = root / SCHEMA_DIR / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append((SCHEMA_DIR / name).as_posix())
        if not check:
            write_atomic(path, text)
    verb = "out of date" if check else "written"
    for name in stale:
        click.echo(f"{verb}: {name}")
    if check and stale:
        click.echo("run `synthsite schema` and commit the result", err=True)
        sys.exit(EXIT_PROBLEMS)
    if not stale:
        click.echo("schema up to date")


@main.command()
@click.argument("base_ref", metavar="BASE_REF")
@click.option(
    "--head",
    "head_ref",
    default=None,
    metavar="REF",
    help="Compare the data files at this ref instead of the working tree (CI on a fork's pull request: the"
    " branch's synthesis/ and bibliography/ are read from git, none of its code is run).",
)
@root_option
@_friendly
def changes(base_ref: str, head_ref: str | None, root: Path) -> None:
    """Markdown summary of what the working tree (or --head) changes against a git ref (e.g. origin/main)."""
    from synthsite.contrib.changes import compare
    from synthsite.contrib.changes_git import GitError, code_changes, corpus_at, data_at
    from synthsite.contrib.changes_report import changes_markdown, invalid_markdown

    try:
        before, notes = corpus_at(root, base_ref)
        code_files = code_changes(root, base_ref, head_ref)
        if head_ref is None:
            after, problems = validate_corpus(root)
        else:
            with data_at(root, head_ref) as folder:
                if folder is None:
                    click.echo(f"error: {head_ref} has no synthesis/ folder", err=True)
                    sys.exit(EXIT_USAGE)
                after, problems = validate_corpus(folder, config=False)
    except GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if after is None:  # the summary (stdout, posted on the pull request) names the problems too, not only stderr
        errors = sum(problem.severity == "error" for problem in problems)
        click.echo(invalid_markdown(base_ref, [problem.format() for problem in problems], errors), nl=False)
        raise DataError(problems)
    if problems:  # on stderr for the CI log; the warnings also head the summary posted on the pull request
        report(problems)
    warnings = [problem.format() for problem in problems]
    from synthsite.contrib.changes_confidence import confidence_markdown

    found = compare(before, after)
    click.echo(changes_markdown(found, base_ref, notes, warnings, code_files), nl=False)
    click.echo(confidence_markdown(before, after, found), nl=False)


@main.command()
@click.argument("study_id", metavar="STUDY_ID")
@root_option
@click.option("--top", type=click.IntRange(1, 20), default=3, show_default=True, help="Suggestions per theme.")
@_friendly
def suggest(study_id: str, root: Path, top: int) -> None:
    """Rank the synthesized themes for each theme of a study (help for choosing crosswalk links; offline).

    Works on a study file that does not validate yet: only its themes' labels, descriptions and quotes are read.
    """
    from synthsite.contrib.suggest import ranker_for, study_themes, suggestions_text
    from synthsite.load.corpus import STUDIES_DIR, load, read_source
    from synthsite.load.safeyaml import YamlProblem, parse
    from synthsite.model import SLUG_RE

    if not SLUG_RE.match(study_id):
        click.echo(f"error: {study_id!r} is not a study id (e.g. moen-2023)", err=True)
        sys.exit(EXIT_USAGE)
    result = load(root)
    if result.corpus is None:
        raise DataError([p for p in result.problems if p.severity == "error"])
    relative = Path(STUDIES_DIR) / f"{study_id}.yaml"
    if not (root / relative).is_file():
        click.echo(
            f"error: there is no {relative.as_posix()} (start one with `synthsite new {study_id} --bibtex FILE`)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
    source, problems = read_source(root, relative)
    if source is None:
        raise DataError(problems)
    try:
        record = parse(source.text)
    except YamlProblem as exc:
        raise DataError([Problem(source.path, exc.line, exc.col, "", exc.message, exc.hint)]) from None
    themes = study_themes(record if isinstance(record, dict) else {})
    if not themes:
        click.echo(
            f"error: {relative.as_posix()} has no themes with an id yet: add them, then run this again", err=True
        )
        sys.exit(EXIT_PROBLEMS)
    ranker = ranker_for(result.corpus, leave_out=study_id)
    click.echo(suggestions_text(study_id, themes, ranker, top), nl=False)


@main.command()
@root_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the docs tree to (empty, or written by an earlier `synthsite pages`).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a builder configuration (mkdocs.yml without the plugin) for the tree, and its theme folder"
    " beside it, for builders that run no plugins: `zensical build -f FILE`.",
)
@_friendly
def pages(root: Path, out: Path, config_file: Path | None) -> None:
    """Write every generated page and data file, over a copy of docs/, for any Material-compatible builder."""
    from synthsite.builders import pagesout, standalone
    from synthsite.fsutil import write_atomic
    from synthsite.pipeline import build_date, generate

    project: dict[str, object] | None = None
    if config_file is not None:
        try:
            project = standalone.read_project_config(root / "mkdocs.yml")
        except standalone.ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    corpus = require_corpus(root)
    site = generate(corpus, date=build_date())
    try:
        count = pagesout.write(site, out, root / "docs", corpus.meta.site_url)
        if config_file is not None and project is not None:
            theme = config_file.parent / standalone.THEME_FOLDER
            pagesout.write_tree(standalone.theme_tree(project, root), theme)
            config = standalone.standalone_config(project, config_dir=config_file.parent, docs=out, theme=theme)
            write_atomic(config_file, standalone.config_text(config))
    except pagesout.OutError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"wrote {count} files ({len(site.pages)} generated pages) to {out}")
    if config_file is not None:
        click.echo(f"wrote {config_file} and its theme folder; build with `zensical build -f {config_file}`")


@main.command()
@click.argument("target", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--title", default="A living qualitative evidence synthesis", show_default=True, help="The review's title."
)
@click.option(
    "--site-url", default="https://example.org/my-review/", show_default=True, help="Where the site will be published."
)
@click.option(
    "--repository-url",
    default="https://github.com/EXAMPLE/my-review",
    show_default=True,
    help="Where the synthesis will be kept (edit links, citations).",
)
@click.option(
    "--requirement",
    default=None,
    help="The pip requirement that installs synthsite in the new project (default: the synthsite running now:"
    " synthsite==VERSION as released, or the git commit or local checkout it was installed from).",
)
@click.option(
    "--licence",
    "content_licence",
    default="CC-BY-4.0",
    show_default=True,
    help="Licence of the synthesis content (data, pages, downloads): CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0 or ODC-By-1.0.",
)
@click.option(
    "--code-licence",
    default="MIT",
    show_default=True,
    help="Licence of the project's code (Makefile, workflows, configuration): MIT or Apache-2.0.",
)
@click.option("--no-git", is_flag=True, help="Do not run `git init` and make the first commit.")
@_friendly
def init(
    target: Path,
    title: str,
    site_url: str,
    repository_url: str,
    requirement: str | None,
    content_licence: str,
    code_licence: str,
    no_git: bool,
) -> None:
    """Start a new synthesis in DIR: example data, site configuration, Makefile, CI; it builds at once."""
    from synthsite.contrib import init as starter

    try:
        files = starter.project_files(
            title=title,
            site_url=site_url,
            repository_url=repository_url,
            requirement=starter.default_requirement() if requirement is None else requirement,
            content_licence=content_licence,
            code_licence=code_licence,
        )
        starter.write_project(target, files)
    except starter.InitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(f"wrote a new synthesis to {target} ({len(files)} files); the study, theme and reference are EXAMPLES")
    if not no_git:
        click.echo(starter.git_first_commit(target))
    click.echo(f"next: cd {target} && make site")


# --------------------------------------------------------------------------------------------- releases


@main.group(cls=FullSummaries)
def release() -> None:
    """Release steps the release workflow runs (and you can run locally): changelog, archives, record, Zenodo."""


def _since_option(func: F) -> F:
    return click.option(
        "--since",
        "since",
        default="",
        metavar="REF",
        help="The previous release's tag (or any git ref); empty for the first release.",
    )(func)


def _release_changes(root: Path, since: str) -> tuple[Any, bool, str]:
    """(Changes, first release?, the `synthsite changes` Markdown) between `since` and the working tree."""
    from synthsite.contrib.changes import compare
    from synthsite.contrib.changes_git import GitError, corpus_at
    from synthsite.contrib.changes_report import changes_markdown

    after = require_corpus(root)
    if not since:
        return compare(None, after), True, ""
    try:
        before, notes = corpus_at(root, since)
    except GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    changes = compare(before, after)
    return changes, False, changes_markdown(changes, since, notes)


@release.command("changelog")
@root_option
@_since_option
@_friendly
def release_changelog(root: Path, since: str) -> None:
    """Write the current version's section of CHANGELOG.md (replacing an earlier one) and print it."""
    from synthsite.release import changelog
    from synthsite.release.summary import summary_lines

    changes, first, report = _release_changes(root, since)
    meta = require_corpus(root).meta
    lines = summary_lines(changes, first=first)
    body = "\n".join(f"- {line}" for line in lines)
    if report:
        body += "\n\n" + changelog.section_body(report)
    path = root / changelog.CHANGELOG_FILE
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(changelog.with_section(text, meta.version, meta.date_released, body), encoding="utf-8")
    click.echo(f"## {meta.version} ({meta.date_released})\n\n{body}")


@release.command("archive")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@root_option
@_friendly
def release_archive(site_dir: Path, out: Path, root: Path) -> None:
    """Zip the built site and its data downloads (deterministic: SOURCE_DATE_EPOCH sets the entry times)."""
    from synthsite.epoch import source_date_epoch
    from synthsite.release.archive import ZIP_EPOCH, make_archives

    meta = require_corpus(root).meta
    epoch = source_date_epoch()
    try:
        made = make_archives(site_dir, out, meta.version, ZIP_EPOCH if epoch is None else epoch)
    except FileNotFoundError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    for archive in made:
        click.echo(f"{archive.kind}\t{archive.path.name}\t{archive.sha256}\t{archive.bytes}")


@release.command("record")
@click.option("--archives", type=click.Path(file_okay=False, exists=True, path_type=Path), required=True)
@click.option(
    "--download-url",
    default="",
    help="Base URL the archives are published under; default: the repository's release download URL.",
)
@root_option
@_since_option
@_friendly
def release_record(archives: Path, download_url: str, root: Path, since: str) -> None:
    """Add the current version, its changes and its archives (with SHA-256) to synthesis/releases.yaml."""
    import hashlib

    from synthsite.release.archive import archive_names
    from synthsite.release.record import RELEASES_FILE, ArchiveRecord, ReleaseLog, ReleaseRecord, dump, with_release
    from synthsite.release.summary import summary_lines

    corpus = require_corpus(root)
    meta = corpus.meta
    base = download_url or f"{meta.repository_url.rstrip('/')}/releases/download/v{meta.version}"
    records = []
    for kind, name in archive_names(meta.version).items():
        path = archives / name
        if not path.is_file():
            click.echo(f"error: {path} not found: run `synthsite release archive` first", err=True)
            sys.exit(EXIT_USAGE)
        data = path.read_bytes()
        records.append(
            ArchiveRecord(
                kind=kind,  # type: ignore[arg-type]
                name=name,
                url=f"{base.rstrip('/')}/{name}",
                sha256=hashlib.sha256(data).hexdigest(),
                bytes=len(data),
            )
        )
    changes, first, _report = _release_changes(root, since)
    record = ReleaseRecord(
        version=meta.version,
        date=meta.date_released,
        changes=summary_lines(changes, first=first),
        archives=sorted(records, key=lambda r: r.kind),
    )
    log = with_release(ReleaseLog(releases=list(corpus.releases)), record)
    (root / RELEASES_FILE).write_text(dump(log), encoding="utf-8")
    click.echo(f"recorded {meta.version} in {RELEASES_FILE} ({len(log.releases)} releases)")


@release.command("zenodo")
@root_option
@click.option("--check", is_flag=True, help="Exit 1 if .zenodo.json is not what synthesis.yaml and CITATION.cff give.")
@_friendly
def release_zenodo(root: Path, check: bool) -> None:
    """Write .zenodo.json (the metadata Zenodo archives each GitHub release with) from synthesis.yaml and the
    keywords of CITATION.cff."""
    from synthsite.release.zenodo import ZENODO_FILE, citation_keywords, zenodo_text

    text = zenodo_text(require_corpus(root).meta, citation_keywords(root))
    path = root / ZENODO_FILE
    if check:
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            click.echo(f"{ZENODO_FILE} is out of date: run `synthsite release zenodo`", err=True)
            sys.exit(EXIT_PROBLEMS)
        click.echo(f"{ZENODO_FILE} up to date")
        return
    path.write_text(text, encoding="utf-8")
    click.echo(f"written: {ZENODO_FILE}")
