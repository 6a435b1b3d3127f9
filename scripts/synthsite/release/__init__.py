"""Versioned releases: the changelog, writing the release record (synthesis/releases.yaml), the archives.

The release workflow (.github/workflows/release.yml) runs `synthsite release ...` on a version tag; the same
commands run locally (see docs/releasing/index.md). A tool: it uses the stages and `contrib` (what changed);
no stage uses it, so the record loading reads is `model.ReleaseLog`.
"""
