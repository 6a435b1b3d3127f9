"""The consistency rules as validation warnings: `synthsite validate` reports a CERQual judgement that disagrees with
its evidence at its place in themes.yaml, like any other problem of the data.

Loading checks the files as written and knows nothing of the confidence stage built on it; the pipeline adds
these warnings to the loader's problems (`pipeline.validate`).
"""

from __future__ import annotations

from synthsite.confidence import rules
from synthsite.load.check import problem_at
from synthsite.load.corpus import THEMES_FILE, Corpus
from synthsite.load.problems import Problem


def rule_problems(corpus: Corpus) -> list[Problem]:
    """CERQual judgements that disagree with their evidence (rules.py): warnings naming the rule, silenced by
    an acknowledgement with a justification. Quiet when a study failed to load (the evidence is incomplete)."""
    if not corpus.complete:
        return []
    source = corpus.sources[THEMES_FILE.as_posix()]
    position = {theme.id: index for index, theme in enumerate(corpus.themes.themes)}
    return [
        problem_at(
            source,
            ("themes", position[found.theme], *found.where),
            f"rule {found.rule}: {found.message}",
            rules.hint(found.rule),
            "warning",
        )
        for findings in rules.all_findings(corpus).values()
        for found in findings
        if not found.acknowledged
    ]
