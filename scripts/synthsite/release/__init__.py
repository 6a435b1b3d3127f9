"""Versioned releases: the changelog, the release record (synthesis/releases.yaml), the archives and Zenodo metadata.

The release workflow (.github/workflows/release.yml) runs `synthsite release ...` on a version tag; the same
commands run locally (see docs/releasing/index.md).
"""
