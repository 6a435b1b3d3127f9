"""Deterministic zip archives of a built site and of its data downloads (same input, same bytes, same SHA-256)."""

from __future__ import annotations

import hashlib
import json
import re
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

ZIP_EPOCH = 315532800
"""1980-01-01, the earliest time a zip entry can carry."""
ZIP_LATEST = 4354819198
"""2107-12-31T23:59:58Z, the latest time a zip entry can carry (a later SOURCE_DATE_EPOCH is clamped to it)."""


@dataclass(frozen=True)
class Archive:
    kind: str
    path: Path
    sha256: str
    bytes: int


def archive_names(version: str) -> dict[str, str]:
    return {"site": f"synthesis-v{version}-site.zip", "data": f"synthesis-v{version}-data.zip"}


def zip_tree(source: Path, target: Path, epoch: int) -> None:
    """Every file under `source`, sorted, with one timestamp and fixed permissions."""
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink())
    zip_files([(path.relative_to(source).as_posix(), path) for path in files], target, epoch)


def zip_files(members: list[tuple[str, Path]], target: Path, epoch: int) -> None:
    """The files under their archive names, in the order given, with one timestamp and fixed permissions."""
    stamp = time.gmtime(min(max(epoch, ZIP_EPOCH), ZIP_LATEST))[:6]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, path in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def _described(kind: str, path: Path) -> Archive:
    data = path.read_bytes()
    return Archive(kind, path, hashlib.sha256(data).hexdigest(), len(data))


def cited_tables(site: Path) -> dict[str, str]:
    """Site-relative CSV path -> the fingerprint its table's citation gives (the `citation` of the JSON beside it),
    for every cited table of a built site."""
    found: dict[str, str] = {}
    for path in sorted(site.rglob("*.json")):
        relative = path.relative_to(site)
        if relative.parts[0] in {"data", "search", "assets"} or not path.with_suffix(".csv").is_file():
            continue
        try:
            value = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        citation = value.get("citation") if isinstance(value, dict) else None
        fingerprint = citation.get("fingerprint") if isinstance(citation, dict) else None
        if isinstance(fingerprint, str) and re.fullmatch(r"[0-9a-f]{12}", fingerprint):
            found[relative.with_suffix(".csv").as_posix()] = fingerprint
    return found


def data_members(site: Path) -> list[tuple[str, Path]]:
    """What the data archive holds: every download (data/), and every cited table's CSV under tables/ at its
    path on the site. Sites since the data package already keep those copies in data/tables/; for an earlier
    site they are added here, so every version's archive can be checked the same way."""
    data = site / "data"
    members = {p.relative_to(data).as_posix(): p for p in data.rglob("*") if p.is_file() and not p.is_symlink()}
    for csv_path in cited_tables(site):
        members.setdefault(f"tables/{csv_path}", site / csv_path)
    return sorted(members.items())


@dataclass(frozen=True)
class CitedCheck:
    table: str
    fingerprint: str


def check_cited(site: Path, data_zip: Path) -> list[CitedCheck]:
    """Every cited fingerprint of the site checked against its CSV in the data archive; a mismatch is an error."""
    cited = cited_tables(site)
    checked: list[CitedCheck] = []
    with zipfile.ZipFile(data_zip) as archive:
        names = set(archive.namelist())
        for csv_path, fingerprint in cited.items():
            name = f"tables/{csv_path}"
            if name not in names:
                continue
            actual = hashlib.sha256(archive.read(name)).hexdigest()[:12]
            if actual != fingerprint:
                raise ValueError(f"{csv_path}: cited fingerprint {fingerprint}, but {name} in the archive is {actual}")
            checked.append(CitedCheck(csv_path, fingerprint))
    return checked


def make_archives(site: Path, out: Path, version: str, epoch: int) -> list[Archive]:
    """The data archive (every download and every cited table's CSV) and the site archive."""
    if not (site / "data" / "datapackage.json").is_file() and not (site / "index.html").is_file():
        raise FileNotFoundError(
            f"{site} is not a built site (no index.html or data/datapackage.json): run `make site` first"
        )
    out.mkdir(parents=True, exist_ok=True)
    names = archive_names(version)
    zip_files(data_members(site), out / names["data"], epoch)
    zip_tree(site, out / names["site"], epoch)
    return [_described("data", out / names["data"]), _described("site", out / names["site"])]
