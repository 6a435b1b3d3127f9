"""The `synthsite` command line: thin wrappers that call the pipeline and print problems, never tracebacks."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from synthsite.clikit import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    DataError,
    FullSummaries,
    Problem,
    _friendly,
    report,
    require_corpus,
    root_option,
    validate_corpus,
)
from synthsite.release.commands import release
from synthsite.render.downloads import EXPORT_FORMATS

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "main", "report", "require_corpus", "validate_corpus"]


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
    from synthsite.index.edition import release_note

    note = release_note(corpus)
    if note:  # information, never a problem: the exit code stays 0
        click.echo(f"note: {note}")


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
    type=click.Choice(list(EXPORT_FORMATS)),
    required=True,
    help="; ".join(f"{name}: {item.summary}" for name, item in EXPORT_FORMATS.items()) + ".",
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
    from synthsite.contrib.schema import SCHEMA_DIR, SiteUrlError, project_site_url
    from synthsite.fsutil import write_atomic
    from synthsite.render.jsonschema import all_schemas

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


@main.command("check-site")
@root_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="The built site to check (relative to --root).",
)
@_friendly
def check_site(root: Path, site_dir: Path) -> None:
    """Check the built site: every internal link and anchor resolves, and every page passes an accessibility smoke
    check (language, title, headings, alt text, names of links, buttons and form fields, unique ids)."""
    from synthsite.contrib.schema import SiteUrlError, project_site_url
    from synthsite.sitecheck import check_site as find_problems

    site = root / site_dir
    if not (site / "index.html").is_file():
        click.echo(f"error: no built site at {site}: run `make site` (or `mkdocs build`) first", err=True)
        sys.exit(EXIT_USAGE)
    try:
        site_url = project_site_url(root)
    except SiteUrlError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_PROBLEMS)
    problems = find_problems(site, site_url, shown_as=site_dir.as_posix())
    if problems:
        report(problems)
        sys.exit(EXIT_PROBLEMS)
    pages = sum(1 for _ in site.rglob("*.html"))
    click.echo(f"ok: {pages} pages, no broken internal link, accessibility smoke check passed")


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
    from synthsite.index.edition import release_note

    found = compare(before, after)
    released = release_note(after)
    if released:
        notes = [*notes, f"Release: {released}."]
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
    from synthsite.builders.publication import publication
    from synthsite.fsutil import write_atomic
    from synthsite.load.datafiles import ReadRefused
    from synthsite.pipeline import generate
    from synthsite.provenance import provenance

    project: dict[str, object] | None = None
    if config_file is not None:
        try:
            project = standalone.read_project_config(root / "mkdocs.yml")
        except standalone.ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    corpus = require_corpus(root)
    made = provenance(root)
    site = generate(corpus, date=made.date, commit=made.commit)
    try:
        published = publication(site, root, corpus.meta.site_url)
    except ReadRefused as exc:
        click.echo(f"error: {exc.message}", err=True)
        sys.exit(EXIT_USAGE)
    try:
        count = pagesout.write(published, out, root / "docs")
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


main.add_command(release)
