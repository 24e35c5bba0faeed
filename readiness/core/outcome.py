"""One client's outcome: what every face shows about the client, built once by `client_outcome`.

    outcome = client_outcome(assessment, past, framework, lang="fr", k=5)
    outcome.result       # score, verdict, blockers, risks, recommendations (provisional while incomplete)
    outcome.changes      # every single-answer change that helps; `verdict_changes` and `score_raises` sort them
    outcome.path         # the path to ready (readiness.core.plan), None while incomplete
    outcome.benchmark    # the client against its peers (None without past assessments)

The meeting form's results panel, the chart files, the deck, the per-client report, the command
line and the notebooks all render this record; none of them scores, compares or lists what-ifs
itself, so what the screen shows and what is exported agree (same framework, same k). Past
assessments come already scored under the framework (readiness.store.past.load_past does it once).
Pure: values in, values out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..text import Text
from .assessment import LANGUAGES, Assessment
from .benchmark import K_DEFAULT, Benchmark, check_k, compare, prepare_peers
from .errors import Problem, ValidationError
from .framework import Framework, default_framework
from .plan import PathToReady, path_to_ready
from .progress import Progress, client_progress
from .scoring import Change, Result, score_assessment, what_if

if TYPE_CHECKING:
    import pandas as pd

from .benchmark import PeerTable


@dataclass(frozen=True)
class ClientOutcome:
    """The result, what would change it, and the peers of one assessment, in one language."""

    assessment: Assessment
    result: Result
    changes: tuple[Change, ...]
    benchmark: Benchmark | None
    framework: Framework = field(repr=False)
    lang: str = "fr"
    k: int = K_DEFAULT
    path: PathToReady | None = None  # the fewest changes to `ready` (DESIGN "Plan and progress")
    progress: Progress | None = None  # the client's visits up to this one, when it has earlier ones

    @property
    def client(self) -> str:
        """The client's name as written in the assessment."""
        return self.assessment.client.name

    @property
    def verdict_changes(self) -> tuple[Change, ...]:
        """What would change the verdict: only single changes that do, the smallest of each question, largest gain first."""
        return verdict_changes(self.changes)

    @property
    def score_raises(self) -> tuple[Change, ...]:
        """What would raise the score: each question's best single change among those that leave the verdict, largest gain first."""
        return score_raises(self.changes)


def verdict_changes(changes: tuple[Change, ...]) -> tuple[Change, ...]:
    """The single changes that change the verdict: per question the smallest that does, largest gain first."""
    smallest: dict[str, Change] = {}
    for c in changes:
        if c.changes_verdict and (c.dimension not in smallest or c.gain < smallest[c.dimension].gain):
            smallest[c.dimension] = c
    return tuple(sorted(smallest.values(), key=lambda c: -c.gain))


def score_raises(changes: tuple[Change, ...]) -> tuple[Change, ...]:
    """The other changes: each question's best one that leaves the verdict as it is (the largest gain), largest gain first."""
    best: dict[str, Change] = {}
    for c in changes:
        if c.gain > 0 and not c.changes_verdict and (c.dimension not in best or c.gain > best[c.dimension].gain):
            best[c.dimension] = c
    return tuple(sorted(best.values(), key=lambda c: -c.gain))


def client_outcome(
    assessment: Assessment,
    past: pd.DataFrame | PeerTable | None = None,
    framework: Framework | None = None,
    lang: str | None = None,
    k: int = K_DEFAULT,
    earlier: Iterable[Assessment] = (),
) -> ClientOutcome:
    """Score the assessment, list the single changes that help, and compare it with `past` (scored under `framework`).

    `earlier`: the client's other assessments (any framework of the same id); those up to this one's date make its progress.
    """
    fw = framework or default_framework()
    k = check_k(k)
    lang = check_lang(lang or assessment.language)
    result = score_assessment(assessment, fw, lang)
    changes = what_if(assessment, fw, lang) if result.overall is not None else ()
    path = path_to_ready(assessment, fw, lang) if result.complete else None
    bench = None
    if past is not None:
        past = _same_framework(prepare_peers(past), fw)
        c = assessment.client
        bench = compare(result, past, client_id=assessment.id, client_name=c.name or None, industry=c.industry, size=c.size, k=k)
    return ClientOutcome(assessment, result, changes, bench, fw, lang, k, path, _progress(assessment, earlier, fw, lang))


def _progress(assessment: Assessment, earlier: Iterable[Assessment], fw: Framework, lang: str) -> Progress | None:
    """The client's visits up to this assessment (None without an earlier one under the same framework)."""
    before = [a for a in earlier if a.id != assessment.id and a.assessed_on <= assessment.assessed_on and a.framework.get("id") == fw.id]
    return client_progress([*before, assessment], lambda _: fw, lang) if before else None


def _same_framework(peers: PeerTable, fw: Framework) -> PeerTable:
    """The peers, when they were scored under the client's framework id (benchmarks compare within one framework)."""
    if peers.framework is not None and peers.framework != fw.id:
        message = Text("past assessments of {other} cannot be compared with an assessment of {framework}", other=peers.framework, framework=fw.id)
        raise ValidationError([Problem("framework", message)])
    return peers


def check_lang(lang: Any) -> str:
    """The language code, or a ValidationError naming the bad value."""
    if lang not in LANGUAGES:
        raise ValidationError([Problem("lang", f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")])
    return lang
