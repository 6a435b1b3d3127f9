"""Reviewer agreement on crosswalk links: a link counts as agreed once two different reviewers stand behind it
(the one who proposed it and at least one who agreed independently)."""

from __future__ import annotations

from synthsite.model import LinkReview

REQUIRED = 2
"""Reviewers a link needs before it counts as agreed (the pull request template's "two reviewers")."""


def reviewers(review: LinkReview | None) -> tuple[str, ...]:
    """Distinct reviewer handles behind a link, proposer first (handles compare case-insensitively, as on GitHub)."""
    if review is None:
        return ()
    seen: dict[str, str] = {}
    for step in (review.proposed, *review.agreed):
        seen.setdefault(step.by.lower(), step.by)
    return tuple(seen.values())


def agreed_by_two(review: LinkReview | None) -> bool:
    return len(reviewers(review)) >= REQUIRED


def describe(review: LinkReview | None) -> str:
    """`proposed by a (2026-11-23); agreed by b (2026-11-24)`, or why the link is not agreed."""
    if review is None:
        return "no review recorded"
    text = f"proposed by {review.proposed.by} ({review.proposed.date})"
    if review.agreed:
        text += "; agreed by " + ", ".join(f"{step.by} ({step.date})" for step in review.agreed)
    return text
