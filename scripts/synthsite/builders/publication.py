"""What every builder publishes besides the project's hand-written docs/, gathered once: the generated site, the
contribute page made from CONTRIBUTING.md and the package's own assets.

The MkDocs plugin and `synthsite pages --out` used to read the guide and the assets each for itself; now both
take one `Publication` and only translate it (into MkDocs files, or into a folder).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from synthsite.builders.guide import guide_pages
from synthsite.builders.packaged import static_files
from synthsite.render import Site


@dataclass(frozen=True)
class Publication:
    site: Site
    """Every generated page and download (`render.render_index`)."""
    guide: Mapping[str, str]
    """Docs-relative path -> the page made from the project's CONTRIBUTING.md (none without one)."""
    assets: Mapping[str, bytes]
    """Site path -> the package's static files (CSS, JavaScript, vendored libraries and their licences)."""


def publication(site: Site, project: Path, site_url: str) -> Publication:
    """The site with the guide of the project folder `project` (the folder holding docs/) and the assets.
    Raises `ReadRefused` when CONTRIBUTING.md is not a plain file inside the project or is too large."""
    return Publication(site=site, guide=guide_pages(project, site_url), assets=static_files())
