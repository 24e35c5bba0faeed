"""The shipped samples: synthetic past assessments of fictitious Québec SMEs, one table per shipped framework.

- `social-media-5q`: 300 assessments (2013–2026), data/sample/past_assessments.csv;
- `social-media-2026`: 240 assessments (2024–2026), data/sample/past_assessments_social-media-2026.csv.

Made by a seeded generator, so the same seed always gives the same table. Every company,
consultant and note is invented; the samples only show what the portfolio and benchmark views
look like before an agency has past assessments of its own. Charts built on them say so, and
every id starts with `sample-` (readiness.core.provenance), so their rows stay marked once imported.

    python -m readiness.store.sample   # rewrite both files

The model behind the answers: each client has a latent "maturity" that rises gently over the
years, is higher for bigger firms and some industries, and drives every answer at once (with
noise), so the answers are correlated the way a consultant sees them in the field. The answer
models below are those of the shipped questions (synthetic data about those very questions); a
question without its own model (an agency's) is answered by the same maturity over its choices.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..core.assessment import Assessment, derived_id
from ..core.framework import Framework, default_framework, load_framework
from ..core.framework_model import Question
from ..core.provenance import SAMPLE_ID_PREFIX
from ..core.rows import flat_columns, number_columns, to_row

if TYPE_CHECKING:
    import pandas as pd

SEED = 20130901
SAMPLE_FOLDER = Path(__file__).resolve().parents[2] / "data" / "sample"
SAMPLE_PATH = SAMPLE_FOLDER / "past_assessments.csv"
FIRST_DAY, LAST_DAY = date(2013, 1, 7), date(2026, 11, 20)


@dataclass(frozen=True)
class SampleSpec:
    """One shipped sample: its file, how many assessments, the seed, and the years it spans."""

    path: Path
    n: int
    seed: int
    first_day: date
    last_day: date


SAMPLES = {  # framework id -> its sample (the 5q one exactly as it has always been)
    "social-media-5q": SampleSpec(SAMPLE_PATH, 300, SEED, FIRST_DAY, LAST_DAY),
    "social-media-2026": SampleSpec(SAMPLE_FOLDER / "past_assessments_social-media-2026.csv", 240, 20260112, date(2024, 1, 8), LAST_DAY),
}

SIZES = {"self_employed": 0.12, "very_small": 0.34, "small": 0.30, "medium": 0.16, "large": 0.08}
SIZE_MATURITY = {"self_employed": -0.04, "very_small": -0.05, "small": 0.0, "medium": 0.06, "large": 0.11}
SIZE_BUDGET = {"self_employed": 1500, "very_small": 4000, "small": 11000, "medium": 28000, "large": 70000}
SIZE_CHAMPION = {"self_employed": 0.08, "very_small": -0.04, "small": 0.0, "medium": 0.10, "large": 0.16}
SIZE_OUTSOURCED = {"self_employed": 0.03, "very_small": 0.10, "small": 0.16, "medium": 0.18, "large": 0.12}

# industry: (share of clients, maturity effect, share in English, goals and their weights)
INDUSTRIES = {
    "retail": (0.15, -0.02, 0.15, {"sales": 4, "awareness": 3, "customer_service": 2, "community": 1}),
    "restaurants": (0.13, -0.05, 0.12, {"awareness": 4, "community": 3, "sales": 2, "recruiting": 2}),
    "construction": (0.10, -0.08, 0.10, {"recruiting": 5, "awareness": 3, "sales": 1}),
    "manufacturing": (0.09, -0.04, 0.15, {"recruiting": 5, "awareness": 2, "sales": 2}),
    "professional_services": (0.12, 0.04, 0.18, {"awareness": 4, "recruiting": 3, "sales": 2}),
    "health": (0.09, 0.00, 0.15, {"customer_service": 4, "awareness": 3, "recruiting": 2}),
    "tourism": (0.09, 0.02, 0.30, {"awareness": 5, "sales": 3, "community": 1}),
    "non_profit": (0.08, -0.03, 0.15, {"community": 5, "awareness": 3, "recruiting": 1, "other": 1}),
    "technology": (0.08, 0.08, 0.35, {"recruiting": 4, "sales": 3, "awareness": 3}),
    "agri_food": (0.07, -0.02, 0.10, {"sales": 4, "awareness": 3, "community": 2}),
}

# Fictitious names: a trade word per industry and a generic place or image word.
TRADES = {
    "fr": {
        "retail": ["Boutique", "Quincaillerie", "Librairie", "Fleuriste", "Animalerie", "Mercerie", "Vélos"],
        "restaurants": ["Bistro", "Café", "Casse-croûte", "Pizzeria", "Boulangerie", "Brasserie", "Cantine"],
        "construction": ["Construction", "Toitures", "Excavation", "Rénovations", "Plomberie", "Électricité"],
        "manufacturing": ["Usinage", "Meubles", "Emballages", "Portes et fenêtres", "Métal", "Plastiques"],
        "professional_services": ["Comptabilité", "Notaires", "Services-conseils", "Arpenteurs", "Traduction", "Cabinet"],
        "health": ["Clinique dentaire", "Physiothérapie", "Optométrie", "Massothérapie", "Clinique vétérinaire"],
        "tourism": ["Auberge", "Camping", "Pourvoirie", "Gîte", "Spa nordique", "Croisières"],
        "non_profit": ["Fondation", "Centre communautaire", "Maison des jeunes", "Coop", "Popote roulante"],
        "technology": ["Logiciels", "Studio", "Solutions numériques", "Labo", "Données", "Robotique"],
        "agri_food": ["Fromagerie", "Vignoble", "Érablière", "Ferme", "Microbrasserie", "Cidrerie", "Verger"],
    },
    "en": {
        "retail": ["Hardware", "Books", "Flowers", "Pet Supply", "Outfitters", "Bike Shop"],
        "restaurants": ["Bistro", "Café", "Diner", "Pizza", "Bakery", "Deli"],
        "construction": ["Construction", "Roofing", "Plumbing", "Renovations", "Electric"],
        "manufacturing": ["Machining", "Furniture", "Packaging", "Windows & Doors", "Metalworks"],
        "professional_services": ["Accounting", "Law Office", "Consulting", "Translation", "Surveyors"],
        "health": ["Dental Clinic", "Physiotherapy", "Optometry", "Massage Therapy", "Vet Clinic"],
        "tourism": ["Inn", "Campground", "Outfitters Lodge", "B&B", "Nordic Spa", "Cruises"],
        "non_profit": ["Foundation", "Community Centre", "Youth Centre", "Co-op", "Meals on Wheels"],
        "technology": ["Software", "Studio", "Digital", "Labs", "Data", "Robotics"],
        "agri_food": ["Cheese Co.", "Vineyard", "Sugar Shack", "Farm", "Brewing", "Cider House", "Orchard"],
    },
}
PLACES = {
    "fr": ["des Érables", "Rive-Sud", "Boréal", "du Fleuve", "des Cantons", "Nordique", "Horizon", "Lac-Vert",
           "du Vieux-Quai", "des Trois-Pins", "Bellevue", "Grand-Nord", "des Falaises", "Beausoleil", "du Rang 4",
           "des Outardes", "Montagne-Bleue", "Belle-Rive", "du Clocher", "des Bouleaux", "Cap-Rouge-Est",
           "Vallée-Douce", "du Petit-Bois", "l'Étoile", "des Quatre-Vents", "Samare", "Aurore", "Pignon-Bleu"],
    "en": ["Maple", "Northshore", "Lakeside", "West Island", "Riverside", "Pine Hill", "Harbour", "Summit",
           "Birchwood", "Stonebridge", "Red Barn", "Cedar Point", "Foxglove", "Clearwater", "Hillcrest",
           "Blue Heron", "Oak Lane", "Timberline", "Windmill", "Sandy Bay"],
}

# Fictitious consultants and the years they worked at the agency; some take most English clients.
CONSULTANTS = (
    ("M. Gagnon", 2013, 2026, 0.5), ("J. Bouchard", 2013, 2019, 0.2), ("P. Morin", 2013, 2017, 0.1),
    ("S. Lavoie", 2015, 2026, 0.4), ("K. O'Neil", 2016, 2026, 3.0), ("C. Roy", 2017, 2026, 0.3),
    ("É. Fortin", 2019, 2026, 0.5), ("D. Wright", 2021, 2026, 3.0), ("A. Nguyen", 2023, 2026, 0.8),
)  # fmt: skip

NOTES = {
    "fr": {
        "objectives": ["Veut recruter deux employés d'ici le printemps.", "Le fils du propriétaire insiste pour ouvrir un compte."],
        "content": ["Publie surtout des photos de chantiers.", "Infolettre mensuelle déjà en place."],
        "champion": ["La réceptionniste s'en occupe quand elle a le temps.", "Une agence gère tout depuis 2 ans."],
        "budget": ["Budget à confirmer avec l'associé.", "Subvention possible pour la première année."],
        "website": ["Site refait l'an dernier.", "Aucune mesure d'audience installée."],
        "general": ["Rencontre de suivi prévue dans six mois.", "Client envoyé par la chambre de commerce."],
    },
    "en": {
        "objectives": ["Wants to hire two technicians before summer.", "The owner's daughter pushed for it."],
        "content": ["Posts mostly photos of finished jobs.", "Already sends a monthly newsletter."],
        "champion": ["The office manager does it when she can.", "An agency has run everything for two years."],
        "budget": ["Budget to be confirmed with the partner.", "May get a grant for the first year."],
        "website": ["Website rebuilt last year.", "No web analytics installed."],
        "general": ["Follow-up meeting planned in six months.", "Referred by the chamber of commerce."],
    },
}


@dataclass(frozen=True)
class _Client:
    """A fictitious client: profile plus its own lasting maturity offset."""

    name: str
    industry: str
    size: str
    language: str
    offset: float


def generate_sample(n: int | None = None, seed: int | None = None, framework: Framework | None = None) -> pd.DataFrame:
    """A synthetic table of `n` past assessments under a shipped framework, in its flat layout (same seed, same table)."""
    import pandas as pd

    fw = framework or default_framework()
    spec = SAMPLES[fw.id]
    rng = np.random.default_rng(spec.seed if seed is None else seed)
    columns = flat_columns(fw)
    rows = [to_row(a, fw) for a in _assessments(rng, spec.n if n is None else n, fw, spec)]
    cells = pd.DataFrame([{k: _cell_text(row[k]) for k in columns} for row in rows], columns=list(columns))
    return _typed(cells, fw)


def load_sample(path: str | Path | None = None, framework: Framework | None = None) -> pd.DataFrame:
    """The shipped sample of a framework's id, scored under it, with `attrs["sample"] = True` (generated if the file is absent).

    A framework with no shipped sample (an agency's own id) gets an empty table: samples compare
    only with assessments of the same framework.
    """
    from ..core.scoring import with_scores

    fw = framework or default_framework()
    spec = SAMPLES.get(fw.id)
    shipped = load_framework(fw.id) if spec else fw
    if path is not None and Path(path).exists():
        frame = _read_csv(Path(path), shipped)
    elif spec is None:
        frame = _typed(_empty(fw), fw)
    else:
        frame = _read_csv(spec.path, shipped) if spec.path.exists() and path is None else generate_sample(framework=shipped)
    scored = with_scores(frame.reindex(columns=list(flat_columns(fw))), fw)  # (a question the sample never asked: blank)
    scored.attrs["sample"] = True
    scored.attrs["framework"] = fw.id
    return scored


def write_sample(path: str | Path | None = None, n: int | None = None, seed: int | None = None, framework: Framework | None = None) -> Path:
    """Write a framework's synthetic sample CSV (UTF-8, comma-separated, one header line); return its path."""
    fw = framework or default_framework()
    path = Path(path) if path else SAMPLES[fw.id].path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_csv(generate_sample(n, seed, fw), fw), encoding="utf-8")
    return path


def sample_csv(frame: pd.DataFrame, framework: Framework | None = None) -> str:
    """The flat table as CSV text, numbers without a useless `.0`, blanks for unanswered cells."""
    columns = flat_columns(framework)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in frame[list(columns)].itertuples(index=False):
        writer.writerow(_cell_text(v) for v in row)
    return out.getvalue()


def main() -> None:
    """Rewrite every shipped sample from the seeded generator."""
    for framework_id, spec in SAMPLES.items():
        path = write_sample(framework=load_framework(framework_id))
        print(f"wrote {path} (synthetic sample of {framework_id}, seed {spec.seed})")


# ---------------------------------------------------------------- reading and typing


def _read_csv(path: Path, framework: Framework) -> pd.DataFrame:
    import pandas as pd

    cells = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return _typed(cells[list(flat_columns(framework))], framework)


def _empty(framework: Framework) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame({c: pd.Series([], dtype="str") for c in flat_columns(framework)})


def _typed(cells: pd.DataFrame, framework: Framework | None = None) -> pd.DataFrame:
    """Text cells → text columns, numbers as floats, dates as datetime64 (one path for file and generator)."""
    import pandas as pd

    numbers = number_columns(framework)
    frame = pd.DataFrame(index=pd.RangeIndex(len(cells)))
    for column in flat_columns(framework):
        values = cells[column].reset_index(drop=True)
        if column in numbers:
            frame[column] = pd.to_numeric(values).astype("float64")
        elif column == "assessed_on":
            frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[ns]")
        else:
            frame[column] = values.astype("str")
    return frame


def _cell_text(value: object) -> str | None:
    """How a value is written in the CSV: integers without `.0`, blanks as None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


# ---------------------------------------------------------------- the generator


def _assessments(rng: np.random.Generator, n: int, fw: Framework, spec: SampleSpec) -> list[Assessment]:
    """Assessments of fictitious clients; about one in eight is a follow-up of an earlier client."""
    visits: list[tuple[_Client, date, int]] = []
    names: set[str] = set()
    while len(visits) < n:
        client = _new_client(rng, names)
        day = _meeting_day(rng, spec)
        visits.append((client, day, 0))
        follow_up = day + timedelta(days=int(rng.integers(300, 1100)))
        if rng.random() < 0.15 and follow_up <= LAST_DAY and len(visits) < n:
            visits.append((client, _weekday(follow_up), 1))
    visits.sort(key=lambda v: (v[1], v[0].name))
    return [_assessment(rng, client, day, rank, fw) for client, day, rank in visits]


def _new_client(rng: np.random.Generator, taken: set[str]) -> _Client:
    industry = _pick(rng, {k: v[0] for k, v in INDUSTRIES.items()})
    size = _pick(rng, SIZES)
    language = "en" if rng.random() < INDUSTRIES[industry][2] else "fr"
    while True:
        trade = str(rng.choice(TRADES[language][industry]))
        place = str(rng.choice(PLACES[language]))
        name = f"{trade} {place}" if language == "fr" else f"{place} {trade}"
        if name not in taken:
            taken.add(name)
            return _Client(name, industry, size, language, float(rng.normal(0, 0.12)))


def _meeting_day(rng: np.random.Generator, spec: SampleSpec) -> date:
    """A weekday between the sample's first and last days, recent years more frequent."""
    first, last = spec.first_day, spec.last_day
    years = np.arange(first.year, last.year + 1)
    weights = 1 + 0.2 * (years - years[0])
    weights[-1] *= (last - date(last.year, 1, 1)).days / 365
    year = int(rng.choice(years, p=weights / weights.sum()))
    start = max(first, date(year, 1, 1))
    end = min(last, date(year, 12, 31))
    return _weekday(start + timedelta(days=int(rng.integers(0, (end - start).days + 1))))


def _weekday(day: date) -> date:
    """The same day, moved back to Friday when it falls on a weekend (and never after LAST_DAY)."""
    day = day - timedelta(days=max(0, day.weekday() - 4))
    return min(day, LAST_DAY)


def _assessment(rng: np.random.Generator, client: _Client, day: date, follow_up: int, fw: Framework) -> Assessment:
    maturity = _maturity(client, day, follow_up, rng)
    answers = {q.id: _answer(rng, q, client, maturity, day) for q in fw.questions}
    for qid in _unanswered(rng, fw):
        answers.pop(qid)
    document = {
        "framework": fw.ref(),
        "id": SAMPLE_ID_PREFIX + derived_id(client.name, day),  # stable, and marks the row as synthetic
        "client": {"name": client.name, "industry": client.industry, "size": client.size},
        "assessed_on": day.isoformat(),
        "consultant": _consultant(rng, day.year, client.language),
        "language": client.language,
        "answers": answers,
        "notes": _notes(rng, client.language),
    }
    return Assessment.from_dict(document, fw)


def _answer(rng: np.random.Generator, q: Question, client: _Client, maturity: float, day: date) -> dict:
    """One answer: the question's own model (the shipped questions), else the maturity over its choices or by kind."""
    model = ANSWER_MODELS.get(q.id)
    if model is not None:
        return model(rng, client, maturity, day)
    if q.kind == "amount":
        return _budget(rng, client, maturity)
    if q.kind == "website":
        return _website(rng, maturity)
    codes = q.choice_codes
    cuts = tuple(0.2 + 0.6 * i / (len(codes) - 1) for i in range(1, len(codes))) if len(codes) > 1 else ()
    return {"choice": _ordinal(rng, maturity, cuts, codes)}


def _maturity(client: _Client, day: date, follow_up: int, rng: np.random.Generator) -> float:
    """Latent readiness 0–1: a gentle rise over the years, size, industry, the client, noise."""
    trend = 0.40 + 0.016 * (day.year - FIRST_DAY.year)
    effects = SIZE_MATURITY[client.size] + INDUSTRIES[client.industry][1] + client.offset + 0.10 * follow_up
    return float(np.clip(trend + effects + rng.normal(0, 0.10), 0, 1))


def _ordinal(rng: np.random.Generator, maturity: float, cuts: tuple[float, ...], codes: tuple[str, ...]) -> str:
    """The code whose band the noisy maturity falls in."""
    return codes[int(np.searchsorted(cuts, maturity + rng.normal(0, 0.13)))]


def _objectives(rng: np.random.Generator, client: _Client, maturity: float, day: date) -> dict:
    early = 0.06 if day.year < 2017 else 0.0  # "everyone is there" was the usual reason early on
    codes = ("everyone_is_there", "vague", "clear", "clear_measurable")
    choice = _ordinal(rng, maturity - early, (0.32, 0.50, 0.74), codes)
    count = {"everyone_is_there": 0, "vague": int(rng.random() < 0.5)}.get(choice, int(rng.integers(1, 4)))
    weights = INDUSTRIES[client.industry][3]
    goals = rng.choice(list(weights), size=min(count, len(weights)), replace=False, p=_norm(weights)) if count else []
    order = list(INDUSTRIES[client.industry][3])
    return {"choice": choice, "goals": sorted((str(g) for g in goals), key=order.index)}


def _champion(rng: np.random.Generator, client: _Client, maturity: float) -> str:
    if rng.random() < SIZE_OUTSOURCED[client.size]:
        return "outsourced"
    codes = ("everyone", "part_time_irregular", "dedicated")
    choice = _ordinal(rng, maturity + SIZE_CHAMPION[client.size], (0.33, 0.58), codes)
    return "part_time_irregular" if choice == "everyone" and client.size == "self_employed" else choice


def _budget(rng: np.random.Generator, client: _Client, maturity: float) -> dict:
    if rng.random() < 0.18 - 0.2 * maturity:
        return {"annual_amount": 0, "currency": "CAD"}
    amount = SIZE_BUDGET[client.size] * math.exp(1.6 * (maturity - 0.5) + rng.normal(0, 0.45))
    step = 500 if amount < 5000 else 1000 if amount < 20000 else 2500 if amount < 100000 else 5000
    currency = "USD" if client.industry in ("technology", "manufacturing") and rng.random() < 0.08 else "CAD"
    return {"annual_amount": max(step, int(round(amount / step) * step)), "currency": currency}


def _website(rng: np.random.Generator, maturity: float) -> dict:
    unknown = rng.random() < float(np.clip(0.36 - 0.6 * (maturity - 0.3), 0.05, 0.5))
    rate = None
    if not unknown:
        rate = float(np.clip(74 - 38 * maturity + rng.normal(0, 9), 18, 92))
        rate = round(rate) if rng.random() < 0.6 else round(rate, 1)
    if rng.random() < (0.55 if unknown else 0.15):
        roi = "unknown"
    else:
        roi = _ordinal(rng, maturity, (0.36, 0.66), ("none", "some", "good"))
    return {"bounce_rate": rate, "roi": roi}


def _unanswered(rng: np.random.Generator, fw: Framework) -> list[str]:
    """Most past assessments are complete; a few meetings ended before every question (the last ones most often)."""
    if rng.random() >= 0.07:
        return []
    order = sorted(fw.question_ids, key=lambda q: -LEFT_UNANSWERED.get(q, 0.2))
    weights = np.array([LEFT_UNANSWERED.get(q, 0.2) for q in order])
    count = 1 if rng.random() < 0.7 else 2
    p = weights if weights.sum() == 1 else weights / weights.sum()
    return [str(q) for q in rng.choice(order, size=count, replace=False, p=p)]


def _content(rng: np.random.Generator, client: _Client, maturity: float, day: date) -> dict:
    return {"choice": _ordinal(rng, maturity, (0.30, 0.52, 0.76), ("none", "self_promotion", "content_plan", "integrated_strategy"))}


def _measurement(rng: np.random.Generator, client: _Client, maturity: float, day: date) -> dict:
    return {"choice": _ordinal(rng, maturity - 0.05, (0.34, 0.55, 0.78), ("nothing", "vanity_metrics", "kpis_tracked", "dashboard_reviewed"))}


def _community(rng: np.random.Generator, client: _Client, maturity: float, day: date) -> dict:
    return {"choice": _ordinal(rng, maturity, (0.28, 0.50, 0.74), ("no_one", "when_possible", "response_rules", "crisis_plan"))}


# The shipped questions' answer models, in the order of the questions (the draws of the 5q sample never move).
ANSWER_MODELS = {
    "objectives": _objectives,
    "content": _content,
    "champion": lambda rng, client, maturity, day: {"choice": _champion(rng, client, maturity)},
    "budget": lambda rng, client, maturity, day: _budget(rng, client, maturity),
    "website": lambda rng, client, maturity, day: _website(rng, maturity),
    "measurement": _measurement,
    "community": _community,
}
LEFT_UNANSWERED = {"website": 0.45, "budget": 0.3, "content": 0.1, "champion": 0.1, "objectives": 0.05}  # chance each is the one left


def _consultant(rng: np.random.Generator, year: int, language: str) -> str:
    active = [(name, w if language == "en" else 1.0) for name, first, last, w in CONSULTANTS if first <= year <= last]
    return _pick(rng, dict(active))


def _notes(rng: np.random.Generator, language: str) -> dict:
    if rng.random() >= 0.12:
        return {}
    key = str(rng.choice(list(NOTES[language])))
    return {key: str(rng.choice(NOTES[language][key]))}


def _pick(rng: np.random.Generator, weights: dict) -> str:
    return str(rng.choice(list(weights), p=_norm(weights)))


def _norm(weights: dict) -> np.ndarray:
    values = np.array(list(weights.values()), dtype=float)
    return values / values.sum()


if __name__ == "__main__":
    main()
