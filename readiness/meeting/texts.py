"""The meeting form's own words (fr/en) and its plain-text summary; no widgets, so the session uses them too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..core.framework import Framework
from ..core.outcome import ClientOutcome
from ..text.formats import format_number, pick

if TYPE_CHECKING:
    from ..store.drafts import Draft


TEXTS: Mapping[str, Mapping[str, str]] = {
    "title": {"fr": "Rencontre client", "en": "Client meeting"},
    "form": {"fr": "Formulaire", "en": "Form"},
    "client_name": {"fr": "Client", "en": "Client"},
    "industry": {"fr": "Secteur", "en": "Industry"},
    "size": {"fr": "Taille", "en": "Size"},
    "consultant": {"fr": "Conseiller ou conseillère", "en": "Consultant"},
    "date": {"fr": "Date de la rencontre", "en": "Meeting date"},
    "general_notes": {"fr": "Notes générales", "en": "General notes"},
    "name_placeholder": {"fr": "Nom de l'entreprise (requis pour enregistrer)", "en": "Company name (needed to save)"},
    "industry_placeholder": {"fr": "Choisir ou écrire", "en": "Choose or type"},
    "consultant_placeholder": {"fr": "Votre nom", "en": "Your name"},
    "general_notes_placeholder": {"fr": "Contexte, personnes présentes, suites…", "en": "Context, who attended, next steps…"},
    "choose": {"fr": "— choisir —", "en": "— choose —"},
    "unnamed": {"fr": "(sans nom)", "en": "(no name)"},
    "notes_placeholder": {"fr": "Notes : ce que le client a dit…", "en": "Notes: what the client said…"},
    "clear": {"fr": "Effacer", "en": "Clear"},
    "clear_tip": {"fr": "Remettre cette question sans réponse (les notes restent)", "en": "Make this question unanswered again (notes stay)"},
    "blocker": {"fr": "bloquant", "en": "blocker"},
    "to_answer": {"fr": "à répondre", "en": "to answer"},
    "goals": {"fr": "Buts visés (plusieurs choix possibles)", "en": "Goals (choose any)"},
    "annual_budget": {"fr": "Budget annuel", "en": "Annual budget"},
    "budget_placeholder": {"fr": "pas encore répondu (p. ex. 15 000)", "en": "not answered yet (e.g. 15,000)"},
    "per_year": {"fr": "par année", "en": "a year"},
    "bounce_rate": {"fr": "Taux de rebond", "en": "Bounce rate"},
    "bounce_placeholder": {"fr": "p. ex. 48", "en": "e.g. 48"},
    "unknown_rate": {"fr": "Inconnu", "en": "Unknown"},
    "roi_question": {"fr": "Le site rapporte-t-il ?", "en": "Does the website pay off?"},
    "website_half": {
        "fr": "Question comptée quand les deux parties sont répondues : taux de rebond (ou « Inconnu ») et rentabilité.",
        "en": "The question counts once both parts are answered: bounce rate (or \"Unknown\") and return.",
    },
    "name_required": {
        "fr": "Inscrire d'abord le nom du client (en haut, champ « Client »).",
        "en": "Type the client's name first (at the top, \"Client\" field).",
    },
    "button_save": {"fr": "Enregistrer", "en": "Save"},
    "button_new": {"fr": "Nouvelle évaluation", "en": "New assessment"},
    "button_charts": {"fr": "Exporter les graphiques", "en": "Export charts"},
    "button_slides": {"fr": "Exporter la présentation", "en": "Export slides"},
    "button_drafts": {"fr": "Brouillons…", "en": "Drafts…"},
    "button_resume": {"fr": "Reprendre", "en": "Resume"},
    "button_close": {"fr": "Fermer", "en": "Close"},
    "button_resume_same": {"fr": "Reprendre", "en": "Resume"},
    "button_ignore": {"fr": "Plus tard", "en": "Not now"},
    "tip_save": {"fr": "Enregistrer dans le registre des évaluations", "en": "Save into the assessment store"},
    "tip_new": {"fr": "Commencer une évaluation vide (l'actuelle reste en brouillon)", "en": "Start an empty assessment (this one stays as a draft)"},
    "tip_charts": {"fr": "Graphiques PNG au format diapositive, dans exports/", "en": "PNG charts at slide size, into exports/"},
    "tip_slides": {"fr": "Présentation PowerPoint 16:9, dans exports/", "en": "16:9 PowerPoint deck, into exports/"},
    "tip_drafts": {
        "fr": "Voir les brouillons non enregistrés (ils nomment d'autres clients : pas pendant un partage d'écran)",
        "en": "See the unsaved drafts (they name other clients: not while sharing your screen)",
    },
    "tip_resume": {"fr": "Reprendre le brouillon choisi", "en": "Resume the chosen draft"},
    "tip_close": {"fr": "Masquer la liste des brouillons", "en": "Hide the list of drafts"},
    "tip_resume_same": {"fr": "Reprendre ce brouillon de ce client", "en": "Resume this client's draft"},
    "tip_ignore": {"fr": "Garder le brouillon, ne plus le proposer pendant cette séance", "en": "Keep the draft; do not offer it again this session"},
    "state_saved": {"fr": "Enregistré dans le registre", "en": "Saved in the store"},
    "state_draft": {"fr": "Brouillon auto-enregistré à", "en": "Draft autosaved at"},
    "drafts_prompt": {"fr": "Brouillons non enregistrés :", "en": "Unsaved drafts:"},
    "no_drafts": {"fr": "Aucun brouillon non enregistré.", "en": "No unsaved draft."},
    "same_client_prompt": {
        "fr": "Ce client a un brouillon non enregistré ({answered} / 5 questions, {saved}).",
        "en": "This client has an unsaved draft ({answered} / 5 questions, {saved}).",
    },
    "saved": {"fr": "Enregistré : {name} ({answered} / 5 questions).", "en": "Saved: {name} ({answered} / 5 questions)."},
    "new_kept": {
        "fr": "Nouvelle évaluation. La précédente est gardée en brouillon (« Brouillons… » pour la reprendre).",
        "en": "New assessment. The previous one is kept as a draft (\"Drafts…\" to resume it).",
    },
    "new_kept_sharing": {
        "fr": "Nouvelle évaluation. La précédente est gardée en brouillon (retaper le nom du client pour la reprendre).",
        "en": "New assessment. The previous one is kept as a draft (type the client's name again to resume it).",
    },
    "new_started": {"fr": "Nouvelle évaluation.", "en": "New assessment."},
    "resumed_draft": {"fr": "Brouillon repris : {name}.", "en": "Draft resumed: {name}."},
    "resumed_store": {"fr": "Évaluation ouverte : {name} (l'enregistrer en crée une révision).", "en": "Assessment opened: {name} (saving it makes a new revision)."},
    "resumed_file": {"fr": "Évaluation ouverte depuis le fichier : {name}.", "en": "Assessment opened from the file: {name}."},
    "charts_exported": {"fr": "{count} graphiques exportés dans {folder}.", "en": "{count} charts exported to {folder}."},
    "deck_exported": {"fr": "Présentation exportée : {path}.", "en": "Deck exported: {path}."},
    "error": {"fr": "Impossible : {detail}", "en": "Could not do it: {detail}"},
    "unexpected": {"fr": "Erreur inattendue (détails dans le journal) : {detail}", "en": "Unexpected error (details in the log): {detail}"},
    "bad_annual_amount": {
        "fr": "Budget annuel ({field}) : « {value} » n'est pas un montant valide ; il faut un nombre ≥ 0.",
        "en": "Annual budget ({field}): \"{value}\" is not a valid amount; it must be a number ≥ 0.",
    },
    "bad_bounce_rate": {
        "fr": "Taux de rebond ({field}) : « {value} » n'est pas un pourcentage entre 0 et 100 ; cochez « Inconnu » s'il n'est pas mesuré.",
        "en": "Bounce rate ({field}): \"{value}\" is not a percentage between 0 and 100; tick \"Unknown\" if it is not measured.",
    },
    "kept_last_valid": {"fr": "La dernière réponse valide est conservée.", "en": "The last valid answer is kept."},
    "no_past": {"fr": "Comparaison avec les clients passés indisponible", "en": "Comparison with past clients unavailable"},
    "results": {"fr": "Résultat", "en": "Result"},
    "overall": {"fr": "Score global", "en": "Overall score"},
    "provisional_score": {"fr": "Score provisoire", "en": "Provisional score"},
    "answered": {"fr": "Questions répondues : {n} / 5", "en": "Questions answered: {n} / 5"},
    "verdict_pending": {"fr": "Verdict après les 5 questions", "en": "Verdict once all 5 are answered"},
    "blockers": {"fr": "Bloquants", "en": "Blockers"},
    "risks": {"fr": "Risques", "en": "Risks"},
    "none_found": {"fr": "Aucun pour l'instant.", "en": "None so far."},
    "percentile": {"fr": "Score global au-dessus de {p} des pairs", "en": "Overall score above {p} of peers"},
    "what_if": {"fr": "Ce qui changerait le verdict", "en": "What would change the verdict"},
    "what_raises": {"fr": "Ce qui ferait monter le score", "en": "What would raise the score"},
    "what_if_pending": {"fr": "Répondez à une question pour voir ce qui ferait monter le score.", "en": "Answer a question to see what would raise the score."},
    "no_single_change": {"fr": "Aucun changement unique ne change le verdict : il faut en combiner plusieurs.", "en": "No single change alters the verdict: several are needed together."},
    "top_score": {"fr": "Rien à améliorer : toutes les réponses sont au maximum.", "en": "Nothing to improve: every answer is at its best."},
    "points": {"fr": "pts", "en": "pts"},
    "recommendations": {"fr": "Recommandations", "en": "Recommendations"},
    "radar_alt": {"fr": "Radar des cinq dimensions du client comparées aux pairs", "en": "Radar of the client's five dimensions against peers"},
}


def text(key: str, lang: str) -> str:
    """The form's own text for `key` in `lang`."""
    return pick(TEXTS[key], lang)


def draft_label(draft: Draft, lang: str) -> str:
    """`Boulangerie Tremblay — 3 / 5 — 2026-11-26 14:02`: enough to recognise a draft."""
    name = draft.client_name or text("unnamed", lang)
    return f"{name} — {draft.answered} / 5 — {draft.saved_at:%Y-%m-%d %H:%M}"


def summary_text(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    """What the panel shows, as a few lines of text (the form's plain-text representation)."""
    r, colon = outcome.result, " : " if lang == "fr" else ": "
    score = "–" if r.overall is None else format_number(r.overall, lang)
    verdict = pick(fw.verdict_labels[r.verdict], lang) if r.verdict else text("verdict_pending", lang)
    lines = [f"{text('title', lang)} — {pick(fw.title, lang)}", text("answered", lang).format(n=5 - len(r.missing))]
    lines.append(f"{text('overall' if r.complete else 'provisional_score', lang)}{colon}{score} / 100 — {verdict}")
    for q in fw.questions:
        value = r.dimensions[q.id]
        lines.append(f"  {pick(q.short, lang)}{colon}{text('to_answer', lang) if value is None else format_number(value, lang) + ' / 100'}")
    for key, codes, labels in (("blockers", r.blockers, fw.blocker_labels), ("risks", r.risks, fw.risk_labels)):
        lines.append(f"{text(key, lang)} ({len(codes)})")
        lines += [f"  - {pick(labels[c], lang)}" for c in codes]
    return "\n".join(lines)
