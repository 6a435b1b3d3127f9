"""Deterministic zip archives of a built site and of its data downloads (same input, same bytes, same SHA-256)."""

from __future__ import annotations

import hashlib
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
    stamp = time.gmtime(min(max(epoch, ZIP_EPOCH), ZIP_LATEST))[:6]
    files = sorted(p for p in source.rglob("*") if p.is_file() and not p.is_symlink())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in files:
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())


def _described(kind: str, path: Path) -> Archive:
    data = path.read_bytes()
    return Archive(kind, path, hashlib.sha256(data).hexdigest(), len(data))


def make_archives(site: Path, out: Path, version: str, epoch: int) -> list[Archive]:
    """The data archive (site/data: every download, the data package and its table copies) and the site archive."""
    if not (site / "data" / "datapackage.json").is_file():
        raise FileNotFoundError(f"{site} is not a built site (no data/datapackage.json): run `make site` first")
    out.mkdir(parents=True, exist_ok=True)
    names = archive_names(version)
    zip_tree(site / "data", out / names["data"], epoch)
    zip_tree(site, out / names["site"], epoch)
    return [_described("data", out / names["data"]), _described("site", out / names["site"])]
