"""Every recorded release can be rebuilt from its commit, after the fact, into the very archives it records.

The repository is cloned into a scratch folder; `synthsite release archive --ref COMMIT` rebuilds each release
from its recorded commit with that commit's own code (offline, in another scratch copy) and the SHA-256 of both
archives must equal the record's. The worked check that /versions/ shows (a fingerprint cited by that version)
is checked again from the rebuilt data archive.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from synthsite.cli import main
from synthsite.load.corpus import load
from synthsite.pipeline import generate
from synthsite.release.commands import manifest_name

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("rebuild")]

REPO = Path(__file__).resolve().parents[1]


def test_every_recorded_release_rebuilds_to_the_archives_it_lists(tmp_path: Path) -> None:
    corpus = load(REPO).corpus
    assert corpus is not None and corpus.releases, "synthesis/releases.yaml records no release"
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO), str(clone)], check=True)
    versions_page = generate(corpus).pages["versions/index.md"]
    for record in corpus.releases:
        assert record.commit, f"{record.version} records no commit to rebuild it from"
        assert {a.kind for a in record.archives} == {"data", "site"}, f"{record.version} lists no archives"
        out = tmp_path / record.version
        result = CliRunner().invoke(
            main, ["release", "archive", "--root", str(clone), "--ref", record.commit, "--out", str(out)]
        )
        assert result.exit_code == 0, result.output
        manifest = json.loads((out / manifest_name(record.version)).read_text(encoding="utf-8"))
        assert (manifest["version"], manifest["date"]) == (record.version, record.date)
        assert manifest["fingerprint"] == record.fingerprint
        for archive in record.archives:
            rebuilt = out / archive.name
            assert hashlib.sha256(rebuilt.read_bytes()).hexdigest() == archive.sha256, archive.name
            assert rebuilt.stat().st_size == archive.bytes
            assert archive.sha256 in versions_page
        example = record.cited_example
        assert example is not None and record.cited_tables > 0
        with zipfile.ZipFile(out / next(a.name for a in record.archives if a.kind == "data")) as data:
            table = data.read(f"tables/{example.table}")
        assert hashlib.sha256(table).hexdigest()[:12] == example.fingerprint
        with zipfile.ZipFile(out / next(a.name for a in record.archives if a.kind == "site")) as site:
            cited = json.loads(site.read(example.table.removesuffix(".csv") + ".json"))
        assert cited["citation"]["fingerprint"] == example.fingerprint  # what the version's own page cites
        assert f"fingerprint <code>{example.fingerprint}</code>" in versions_page
