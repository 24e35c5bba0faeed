"""The shipped sample: about 300 synthetic past assessments of fictitious Québec SMEs (2013–2026).

Made by a seeded generator, so the same seed always gives the same table. Every company,
consultant and note is invented; the sample only shows what the portfolio and benchmark views
look like before an agency has past assessments of its own. Charts built on it say so, and
every id starts with `sample-` (readiness.core.provenance), so its rows stay marked once imported.

    python -m readiness.store.sample   # rewrite data/sample/past_assessments.csv

The model behind the answers: each client has a latent "maturity" that rises gently over the
years, is higher for bigger firms and some industries, and drives all five answers at once
(with noise), so the answers are correlated the way a consultant sees them in the field.
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
from ..core.provenance import SAMPLE_ID_PREFIX
from ..core.rows import FLAT_COLUMNS, to_row

if TYPE_CHECKING:
    import pandas as pd

SEED = 20130901
SAMPLE_PATH = Path(__file__).resolve().parents[2] / "data" / "sample" / "past_assessments.csv"
FIRST_DAY, LAST_DAY = date(2013, 1, 7), date(2026, 11, 20)
TEXT_COLUMNS = tuple(c for c in FLAT_COLUMNS if c not in ("assessed_on", "budget_annual", "bounce_rate"))
NUMBER_COLUMNS = ("budget_annual", "bounce_rate")

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


def generate_sample(n: int = 300, seed: int = SEED) -> pd.DataFrame:
    """A synthetic table of `n` past assessments in the flat layout (same seed, same table)."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    rows = [to_row(a) for a in _assessments(rng, n)]
    cells = pd.DataFrame([{k: _cell_text(row[k]) for k in FLAT_COLUMNS} for row in rows], columns=list(FLAT_COLUMNS))
    return _typed(cells)


def load_sample(path: str | Path | None = None) -> pd.DataFrame:
    """The shipped sample, scored, with `attrs["sample"] = True` (generated if the file is absent)."""
    from ..core.scoring import with_scores

    path = Path(path) if path else SAMPLE_PATH
    frame = _read_csv(path) if path.exists() else generate_sample()
    scored = with_scores(frame)
    scored.attrs["sample"] = True
    return scored


def write_sample(path: str | Path | None = None, n: int = 300, seed: int = SEED) -> Path:
    """Write the synthetic sample CSV (UTF-8, comma-separated, one header line); return its path."""
    path = Path(path) if path else SAMPLE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sample_csv(generate_sample(n, seed)), encoding="utf-8")
    return path


def sample_csv(frame: pd.DataFrame) -> str:
    """The flat table as CSV text, numbers without a useless `.0`, blanks for unanswered cells."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FLAT_COLUMNS)
    for row in frame[list(FLAT_COLUMNS)].itertuples(index=False):
        writer.writerow(_cell_text(v) for v in row)
    return out.getvalue()


def main() -> None:
    """Rewrite data/sample/past_assessments.csv from the seeded generator."""
    path = write_sample()
    print(f"wrote {path} (synthetic sample, seed {SEED})")


# ---------------------------------------------------------------- reading and typing


def _read_csv(path: Path) -> pd.DataFrame:
    import pandas as pd

    cells = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    return _typed(cells[list(FLAT_COLUMNS)])


def _typed(cells: pd.DataFrame) -> pd.DataFrame:
    """Text cells → text columns, numbers as floats, dates as datetime64 (one path for file and generator)."""
    import pandas as pd

    frame = pd.DataFrame(index=pd.RangeIndex(len(cells)))
    for column in FLAT_COLUMNS:
        values = cells[column].reset_index(drop=True)
        if column in NUMBER_COLUMNS:
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


def _assessments(rng: np.random.Generator, n: int) -> list[Assessment]:
    """Assessments of fictitious clients; about one in eight is a follow-up of an earlier client."""
    visits: list[tuple[_Client, date, int]] = []
    names: set[str] = set()
    while len(visits) < n:
        client = _new_client(rng, names)
        day = _meeting_day(rng)
        visits.append((client, day, 0))
        follow_up = day + timedelta(days=int(rng.integers(300, 1100)))
        if rng.random() < 0.15 and follow_up <= LAST_DAY and len(visits) < n:
            visits.append((client, _weekday(follow_up), 1))
    visits.sort(key=lambda v: (v[1], v[0].name))
    return [_assessment(rng, client, day, rank) for client, day, rank in visits]


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


def _meeting_day(rng: np.random.Generator) -> date:
    """A weekday between FIRST_DAY and LAST_DAY, recent years more frequent."""
    years = np.arange(FIRST_DAY.year, LAST_DAY.year + 1)
    weights = 1 + 0.2 * (years - years[0])
    weights[-1] *= (LAST_DAY - date(LAST_DAY.year, 1, 1)).days / 365
    year = int(rng.choice(years, p=weights / weights.sum()))
    start = max(FIRST_DAY, date(year, 1, 1))
    end = min(LAST_DAY, date(year, 12, 31))
    return _weekday(start + timedelta(days=int(rng.integers(0, (end - start).days + 1))))


def _weekday(day: date) -> date:
    """The same day, moved back to Friday when it falls on a weekend (and never after LAST_DAY)."""
    day = day - timedelta(days=max(0, day.weekday() - 4))
    return min(day, LAST_DAY)


def _assessment(rng: np.random.Generator, client: _Client, day: date, follow_up: int) -> Assessment:
    maturity = _maturity(client, day, follow_up, rng)
    answers = {
        "objectives": _objectives(rng, client, maturity, day),
        "content": {"choice": _ordinal(rng, maturity, (0.30, 0.52, 0.76), ("none", "self_promotion", "content_plan", "integrated_strategy"))},
        "champion": {"choice": _champion(rng, client, maturity)},
        "budget": _budget(rng, client, maturity),
        "website": _website(rng, maturity),
    }
    for qid in _unanswered(rng):
        answers.pop(qid)
    document = {
        "id": SAMPLE_ID_PREFIX + derived_id(client.name, day),  # stable, and marks the row as synthetic
        "client": {"name": client.name, "industry": client.industry, "size": client.size},
        "assessed_on": day.isoformat(),
        "consultant": _consultant(rng, day.year, client.language),
        "language": client.language,
        "answers": answers,
        "notes": _notes(rng, client.language),
    }
    return Assessment.from_dict(document)


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


def _unanswered(rng: np.random.Generator) -> list[str]:
    """Most past assessments are complete; a few meetings ended before every question."""
    if rng.random() >= 0.07:
        return []
    order = ["website", "budget", "content", "champion", "objectives"]
    count = 1 if rng.random() < 0.7 else 2
    return [str(q) for q in rng.choice(order, size=count, replace=False, p=[0.45, 0.3, 0.1, 0.1, 0.05])]


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
