"""A realistic synthetic corpus for benchmarks: N valid studies, their references and 10-40 synthesized themes.

Deterministic for a given seed, so benchmark runs on the same N are comparable. Nothing here is real data:
the generated corpus lives in a temporary folder and is never shipped.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from typing import Any

import yaml

from synthsite.confidence.rules import DOWNGRADE
from synthsite.model import CASP_ITEMS, CONCERNS, CONFIDENCES, PERSPECTIVES

WORDS = (
    "recovery hope meaning identity connection staff support relationship trust listening agency choice "
    "community work education housing peer supervision burnout resilience values purpose boundaries team "
    "collaboration information confidentiality structure flexibility routine dialogue family carer stigma "
    "narrative wellbeing practice service user professional experience everyday small gestures time"
).split()
COUNTRIES = ("DK", "SE", "NO", "GB", "NL", "DE", "FI", "IE", "AU", "CA", "US", "NZ")
ANALYSES = (
    "thematic analysis",
    "reflexive thematic analysis",
    "interpretative phenomenological analysis",
    "grounded theory",
    "narrative analysis",
)
LIMIT_CATEGORIES = ("sampling", "transferability", "data collection", "analysis", "reflexivity", "reporting")
FAMILY_NAMES = ("Andersen", "Berg", "Carter", "Dahl", "Evans", "Fischer", "Garcia", "Hansen", "Ivanova", "Jensen")


def _sentence(rng: random.Random, low: int = 8, high: int = 20) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _label(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(2, 5))).capitalize()


def synthesized_themes(count: int) -> list[dict[str, Any]]:
    """`count` synthesized themes across two domains, with a full CERQual profile."""
    rng = random.Random(count)
    themes = []
    for index in range(count):
        # never "no or very minor concerns": with dozens of contributing studies some contradict or fail a CASP
        # question, and the consistency rules would flag it; the overall confidence is the ceiling
        component = {"concern": rng.choice(CONCERNS[1:]), "explanation": _sentence(rng)}
        steps = 4 * DOWNGRADE[component["concern"]]
        allowed = CONFIDENCES[min(steps, len(CONFIDENCES) - 1) :]
        themes.append(
            {
                "id": f"synth-theme-{index:03d}",
                "label": _label(rng),
                "domain": "domain-a" if index % 2 == 0 else "domain-b",
                "finding": _sentence(rng, 15, 30),
                "description": " ".join(_sentence(rng) for _ in range(3)),
                "cerqual": {
                    "methodological_limitations": dict(component),
                    "coherence": dict(component),
                    "adequacy": dict(component),
                    "relevance": dict(component),
                    "confidence": allowed[0],  # like profiles, like confidence: the rules compare findings
                    "explanation": _sentence(rng),
                },
            }
        )
    return themes


def study(
    index: int, theme_ids: list[str], rng: random.Random, everyone_links: str | None = None
) -> tuple[dict[str, Any], str]:
    """One valid study record and its BibTeX entry (its first theme supporting `everyone_links` too, if given and
    none of its themes contributes to it yet)."""
    study_id = f"study-{index:05d}"
    key = f"Study{index:05d}"
    groups = []
    for group_index in range(rng.randint(1, 3)):
        n = rng.randint(3, 40)
        women = rng.randint(0, n)
        groups.append(
            {
                "role": f"group {group_index + 1}",
                "perspective": rng.choice(PERSPECTIVES),
                "n": n,
                "gender": {"women": women, "men": n - women},
                "age": f"{rng.randint(18, 30)}-{rng.randint(40, 70)} years",
            }
        )
    themes = []
    parents: list[str] = []
    labels: set[str] = set()
    for theme_index in range(rng.randint(5, 30)):
        theme_id = f"theme-{theme_index:02d}"
        is_sub = bool(parents) and rng.random() < 0.4
        links = [
            {"theme": tid, "relation": rng.choice(("supports", "supports", "extends", "contradicts"))}
            for tid in rng.sample(theme_ids, k=rng.randint(1, 2))
        ]
        label = _label(rng)
        if label.casefold() in labels:  # two themes of a study with one label are a warning (readers cannot tell)
            label = f"{label} {theme_index + 1}"
        labels.add(label.casefold())
        theme: dict[str, Any] = {
            "id": theme_id,
            "label": label,
            "level": "subtheme" if is_sub else "theme",
            "group": f"Findings part {theme_index % 3 + 1}",
            "perspective": rng.choice(PERSPECTIVES),
            "description": _sentence(rng, 15, 40),
            "quotes": [
                {"text": _sentence(rng, 10, 30), "speaker": f"P{rng.randint(1, 40)}", "location": "Findings"}
                for _ in range(rng.randint(0, 2))
            ],
            "synthesis": links,
        }
        if is_sub:
            theme["parent"] = rng.choice(parents)
        else:
            parents.append(theme_id)
        themes.append(theme)
    contributes = ("supports", "extends")  # a study that only contradicts a theme does not contribute to it
    if everyone_links and not any(
        link["theme"] == everyone_links and link["relation"] in contributes for t in themes for link in t["synthesis"]
    ):
        links = [link for link in themes[0]["synthesis"] if link["theme"] != everyone_links]
        themes[0]["synthesis"] = [*links, {"theme": everyone_links, "relation": "supports"}]  # no draw: same corpus
    record = {
        "id": study_id,
        "citation": key,
        "aim": _sentence(rng, 15, 30),
        "research_questions": [_sentence(rng) for _ in range(rng.randint(0, 3))],
        "setting": {
            "countries": [rng.choice(COUNTRIES)],
            "services": [_label(rng).lower()],
            "context": " ".join(_sentence(rng) for _ in range(3)),
            "period": f"{rng.randint(2005, 2023)}",
        },
        "sample": {
            "total": sum(int(str(g["n"])) for g in groups),
            "groups": groups,
            "recruitment": _sentence(rng, 15, 30),
        },
        "method": {
            "design": "qualitative interview study",
            "data_collection": _sentence(rng, 15, 30),
            "analysis": rng.choice(ANALYSES),
            "analysis_reference": "Braun & Clarke (2006)",
            "ethics": _sentence(rng),
        },
        "themes": themes,
        "limitations": [
            {
                "category": rng.choice(LIMIT_CATEGORIES),
                "text": _sentence(rng),
                "source": rng.choice(("authors", "reviewers")),
            }
            for _ in range(rng.randint(2, 6))
        ],
        "appraisal": {
            "tool": "CASP qualitative checklist",
            "appraised_by": "benchmark",
            "casp": {
                **{
                    item: {"answer": rng.choice(("yes", "yes", "can't tell", "no")), "reason": _sentence(rng)}
                    for item in CASP_ITEMS
                },
                "value": _sentence(rng),
            },
        },
    }
    year = 2000 + index % 25
    family = FAMILY_NAMES[index % len(FAMILY_NAMES)]
    bibtex = (
        f"@article{{{key},\n  author = {{{family}, Alex and Other, Sam}},\n"
        f"  title = {{{_label(rng)}: a qualitative study {index}}},\n"
        f"  journal = {{Journal of Synthetic Studies}},\n  year = {{{year}}},\n  volume = {{{index % 40 + 1}}},\n"
        f"  pages = {{1--{rng.randint(5, 20)}}},\n  doi = {{10.5555/synthetic.{index}}}\n}}\n"
    )
    return record, bibtex


def write_corpus(
    root: Path, studies: int, seed: int = 1, themes: int | None = None, everyone_links_one: bool = False
) -> Path:
    """Write a complete project (synthesis/, bibliography/, docs/, mkdocs.yml) with `studies` studies (and
    `themes` synthesized themes: by default one per 25 studies, 10 to 40). With `everyone_links_one` every study
    contributes to the first synthesized theme (the heaviest theme page a corpus of this size can make)."""
    rng = random.Random(seed)
    theme_count = themes if themes is not None else max(10, min(40, studies // 25))
    theme_records = synthesized_themes(theme_count)
    theme_ids = [t["id"] for t in theme_records]
    studies_dir = root / "synthesis" / "studies"
    if root.exists():
        shutil.rmtree(root)
    studies_dir.mkdir(parents=True)
    (root / "bibliography").mkdir()
    dump = yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper
    meta = {
        "title": "Synthetic benchmark synthesis",
        "version": "1.0.0",
        "date_released": "2026-01-01",
        "authors": [{"name": "benchmark"}],
        "review_question": "How does the build scale?",
        "approach": {
            "synthesis_method": "thematic synthesis",
            "synthesis_reference": "Thomas & Harden (2008)",
            "confidence_method": "GRADE-CERQual",
            "confidence_reference": "Lewin et al. (2018)",
            "appraisal_tool": "CASP qualitative checklist",
            "description": "Synthetic.",
        },
        "inclusion_criteria": {"include": ["Synthetic studies."]},
        "licence": "CC-BY-4.0",
        "repository_url": "https://example.org/repo",
        "site_url": "https://example.org/site/",
    }
    (root / "synthesis" / "synthesis.yaml").write_text(yaml.dump(meta, Dumper=dump), encoding="utf-8")
    domains = [
        {"id": "domain-a", "label": "Domain A", "description": "First domain."},
        {"id": "domain-b", "label": "Domain B", "description": "Second domain."},
    ]
    (root / "synthesis" / "themes.yaml").write_text(
        yaml.dump({"domains": domains, "themes": theme_records}, Dumper=dump, allow_unicode=True), encoding="utf-8"
    )
    bib = []
    for index in range(studies):
        record, bibtex = study(index, theme_ids, rng, theme_ids[0] if everyone_links_one else None)
        (studies_dir / f"{record['id']}.yaml").write_text(
            yaml.dump(record, Dumper=dump, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        bib.append(bibtex)
    (root / "bibliography" / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    return root
