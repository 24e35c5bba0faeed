"""Hypothesis strategies for texts that validation accepts: any one a consultant could type or paste.

Names (client name, industry, consultant) are one line of printable characters from all of
Unicode, with what spreadsheets and CSV readers trip on mixed in (formula starts, separators,
quotes, apostrophes); notes may also hold tabs and line breaks.
"""

from __future__ import annotations

from hypothesis import strategies as st

from readiness.core.safetext import NAME_MAX

TRICKY = "=+-@'\";,|$\\_^{}%#&<>"  # formula starts, separators, quotes, and what markup languages (mathtext, XML) use
printable = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")
line_characters = printable | st.sampled_from(TRICKY)


def one_line(max_size: int = 30) -> st.SearchStrategy[str]:
    """A name as validation accepts it (not blank, at most `max_size` ≤ NAME_MAX characters)."""
    return st.text(line_characters, min_size=1, max_size=min(max_size, NAME_MAX)).filter(str.strip)


def note(max_size: int = 60) -> st.SearchStrategy[str]:
    """A note as validation accepts it: any line characters, tabs and line breaks."""
    return st.text(line_characters | st.sampled_from("\t\n\n"), max_size=max_size)


names = one_line()
notes = note()


# ---------------------------------------------------------------- question sets: any valid framework, and answers to it

SIZES = ("self_employed", "very_small", "small", "medium", "large")
KINDS = ("choice", "amount", "website", "yes_no")


def texts(name: str) -> dict[str, str]:
    """A text in both languages."""
    return {"fr": f"{name} (fr)", "en": f"{name} (en)"}


def advised(item: dict, code: str) -> dict:
    """An answer or band with an advice when it is worth less than 100 (the framework requires one)."""
    return {**item, "advice": {"code": code, **texts(code)}} if item["points"] < 100 else item


@st.composite
def rising_points(draw, n: int) -> list[float]:
    """n points from 0 to 100, never falling (the worst answer 0, the best 100)."""
    middle = sorted(draw(st.lists(st.integers(0, 100), min_size=n - 2, max_size=n - 2)))
    return [0, *middle, 100]


@st.composite
def choice_question(draw, qid: str, issues: dict[str, set[str]]) -> dict:
    """A choice question: 2 to 5 choices, blockers and risks on any but the best, goals sometimes."""
    n = draw(st.integers(2, 5))
    points = draw(rising_points(n))
    blocked = draw(st.sampled_from([b for b in range(n) if b == 0 or points[b - 1] < points[b]]))  # blockers below the rest
    choices = []
    for i, p in enumerate(points):
        choice = {"code": f"c{i}", "points": p, "label": texts(f"{qid} c{i}")}
        if i < blocked:
            choice["blocker"] = f"{qid}_c{i}"
            issues["blocker"].add(f"{qid}_c{i}")
        elif i < n - 1 and draw(st.booleans()):
            choice["risk"] = f"{qid}_c{i}"
            issues["risk"].add(f"{qid}_c{i}")
        if p < 100:
            choice["advice"] = {"code": f"raise_{qid}_c{i}", **texts(f"raise {qid}")}
        choices.append(choice)
    question = {"choices": draw(st.permutations(choices))}  # (in any order: points say which is best)
    if draw(st.booleans()):
        question["goals"] = {g: texts(g) for g in draw(st.lists(st.sampled_from(["sales", "jobs", "fame"]), min_size=1, unique=True))}
    return question


@st.composite
def yes_no_question(draw, qid: str, issues: dict[str, set[str]]) -> dict:
    """A yes/no question, "no" a blocker, a risk or neither (labels from the catalogue)."""
    no = {"advice": {"code": f"say_yes_{qid}", **texts("say yes")}}
    flag = draw(st.sampled_from([None, "blocker", "risk"]))
    if flag:
        no[flag] = f"{qid}_no"
        issues[flag].add(f"{qid}_no")
    return {"no": no, "yes": {}} if draw(st.booleans()) else {"no": no}


@st.composite
def bands(draw, rising: bool, top: int = 99_999) -> list[dict]:
    """Bands from 0 (starts up to `top`): points from 0 to 100 (rising) or 100 to 0."""
    n = draw(st.integers(2, 5))
    starts = [0, *sorted(draw(st.lists(st.integers(1, top), min_size=n - 1, max_size=n - 1, unique=True)))]
    points = draw(rising_points(n))
    return [advised({"from": s, "points": p if rising else 100 - p}, f"band_{s}") for s, p in zip(starts, points, strict=True)]


@st.composite
def amount_question(draw, qid: str, issues: dict[str, set[str]]) -> dict:
    """An amount: bands, maybe smaller bands for some sizes, a minimum (then a blocker) with exempt sizes, currencies."""
    question = {"currency": "CAD", "rates": draw(st.sampled_from([{}, {"USD": 1.38}, {"USD": 1.38, "EUR": 1.5}])), "bands": draw(bands(True))}
    if draw(st.booleans()):
        question["minimum"] = draw(st.integers(1, 50_000))
        question["blocker"] = f"{qid}_short"
        issues["blocker"].add(f"{qid}_short")
        question["exempt_sizes"] = draw(st.lists(st.sampled_from(SIZES), unique=True, max_size=2))
    if draw(st.booleans()):
        question["size_bands"] = [{"sizes": draw(st.lists(st.sampled_from(SIZES), min_size=1, max_size=2, unique=True)), "bands": draw(bands(True))}]
    return question


@st.composite
def website_question(draw, qid: str, issues: dict[str, set[str]]) -> dict:
    """A website: bounce-rate bands falling from 100 to 0, a blocker rate, returns with "unknown", an unknown-rate risk."""
    roi_points = draw(rising_points(draw(st.integers(2, 4))))
    codes = ["unknown", *(f"r{i}" for i in range(1, len(roi_points)))]
    issues["blocker"].add(f"{qid}_first")
    issues["risk"].add(f"{qid}_unmeasured")
    unknown = draw(st.integers(0, 100))
    return {
        **({"unknown_advice": {"code": "measure", **texts("measure")}} if unknown < 100 else {}),
        "bounce_weight": draw(st.integers(0, 3)) or 1, "roi_weight": draw(st.integers(0, 3)),
        "blocker_at": draw(st.integers(1, 100)), "blocker": f"{qid}_first",
        "unknown_risk": f"{qid}_unmeasured", "unknown_points": unknown,
        "bounce_bands": draw(bands(False, top=99)),
        "roi": [advised({"code": c, "points": p, "label": texts(c)}, f"roi_{c}") for c, p in zip(draw(st.permutations(codes)), roi_points, strict=True)],
    }  # fmt: skip


QUESTION_KINDS = {"choice": choice_question, "yes_no": yes_no_question, "amount": amount_question, "website": website_question}


@st.composite
def raw_frameworks(draw, min_questions: int = 2, max_questions: int = 12) -> dict:
    """A valid framework as the plain data of a file: 2 to 12 questions of mixed kinds, weights, blockers and risks."""
    n = draw(st.integers(min_questions, max_questions))
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=n, max_size=n))
    issues: dict[str, set[str]] = {"blocker": set(), "risk": set()}
    questions = []
    for i, kind in enumerate(kinds):
        qid = f"q{i}_{kind}"
        question = {"id": qid, "kind": kind, "weight": draw(st.sampled_from([0.5, 1, 1, 2, 3])), "text": texts(f"{qid}?"), "short": texts(qid)}
        question.update(draw(QUESTION_KINDS[kind](qid, issues)))
        questions.append(question)
    ready = draw(st.integers(2, 100))
    return {
        "id": "agency-test", "version": str(draw(st.integers(1, 9))), "languages": ["fr", "en"], "sizes": list(SIZES),
        "title": texts("title"), "verdict": {"ready_at": ready, "conditional_at": draw(st.integers(1, ready))},
        "size_labels": {s: texts(s) for s in SIZES},
        "verdict_labels": {v: texts(v) for v in ("ready", "conditional", "not_ready")},
        "blocker_labels": {c: texts(c) for c in sorted(issues["blocker"])},
        "risk_labels": {c: texts(c) for c in sorted(issues["risk"])},
        "questions": questions,
    }  # fmt: skip


def answer_to(question) -> st.SearchStrategy[dict]:
    """Any valid answer to a question of a framework (a Question record)."""
    if question.answered_by_choice:
        answer = {"choice": st.sampled_from(question.choice_codes)}
        if question.goals:
            answer["goals"] = st.lists(st.sampled_from(tuple(question.goals)), unique=True)
        return st.fixed_dictionaries(answer)
    if question.kind == "amount":
        amounts = st.one_of(st.integers(0, 200_000), st.sampled_from(sorted({b.start for b in question.budget.bands} | {question.budget.minimum})))
        return st.fixed_dictionaries({"annual_amount": amounts, "currency": st.sampled_from(tuple(question.budget.rates))})
    rates = st.one_of(st.none(), st.integers(0, 100), st.floats(0, 100, allow_nan=False), st.sampled_from([b.start for b in question.website.bounce_bands]))
    return st.fixed_dictionaries({"bounce_rate": rates, "roi": st.sampled_from([c.code for c in question.website.roi])})


@st.composite
def documents_of(draw, framework, complete: bool = False) -> dict:
    """A format v1 document under a framework, with any mix of answered and unanswered questions."""
    answers = {}
    for q in framework.questions:
        answer = draw(answer_to(q) if complete else st.one_of(st.none(), answer_to(q)))
        if answer is not None:
            answers[q.id] = answer
    return {
        "framework": framework.ref(),
        "client": {"name": draw(one_line(12)), "industry": draw(st.sampled_from([None, "retail", "health"])),
                   "size": draw(st.sampled_from([None, *framework.sizes]))},  # fmt: skip
        "assessed_on": draw(st.dates()).isoformat(),
        "language": draw(st.sampled_from(["fr", "en"])),
        "answers": answers,
        "notes": draw(st.dictionaries(st.sampled_from([*framework.question_ids, "general"]), one_line(12), max_size=2)),
    }


def action_items(framework) -> st.SearchStrategy[list[dict]]:
    """An action plan under a framework: items with a question (or none), an action, an owner, a due date and a status."""
    item = st.fixed_dictionaries(
        {"question": st.sampled_from([None, *framework.question_ids]), "action": one_line(40).filter(str.strip),
         "owner": st.one_of(st.none(), one_line(20)), "due": st.one_of(st.none(), st.dates().map(str)),
         "status": st.sampled_from(["open", "done"])}  # fmt: skip
    )
    return st.lists(item, max_size=6)
