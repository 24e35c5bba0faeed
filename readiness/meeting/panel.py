"""What the meeting form shows: its texts (fr/en), its style, the results panel and the live radar.

The radar is drawn once per peer group and language; each change of answers then only redraws
the client's line over the saved background (Agg blitting) and encodes the canvas as PNG into an
`ipywidgets.Image` updated in place: no flicker, no figure pile-up, well under the 50 ms budget.
"""

from __future__ import annotations

import html
import io
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from ..core.framework import Framework
from ..core.framework_model import QUESTION_IDS
from ..core.outcome import ClientOutcome
from ..text.formats import format_number, format_percent, pick

if TYPE_CHECKING:
    from ..core.benchmark import Benchmark
    from ..core.scoring import Change, Result
    from ..store.drafts import Draft

RADAR_DPI = 120  # the radar is shown 460 px wide; a little over 100 dpi keeps it crisp
BACKGROUNDS_KEPT = 8
WHAT_IF_SHOWN = 3
RECOMMENDATIONS_SHOWN = 3
VERDICT_ICONS = {"ready": "✔", "conditional": "◐", "not_ready": "✖", None: "…"}

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

STYLE = """<style>
.rd-form { max-width: 1280px; margin: 0 auto; font-size: 14px; color: #1f2328; gap: 10px; }
.rd-form .widget-html-content { line-height: 1.35; }
/* Keep the results beside the questions while scrolling: no clipping box between them and the page. */
.rd-form, .rd-body, .jp-OutputArea:has(.rd-form), .jp-OutputArea-child:has(.rd-form),
.jp-OutputArea-output:has(.rd-form) { overflow: visible !important; }
.rd-header { justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 8px;
  border-bottom: 3px solid #0072B2; padding-bottom: 6px; }
.rd-title h2 { margin: 0; font-size: 22px; color: #0b3c5d; }
.rd-sub { color: #57606a; font-size: 12.5px; }
.rd-save-state { margin-right: 6px; font-size: 12.5px; }
.rd-actions { gap: 6px; align-items: center; flex-wrap: wrap; }
.rd-actions .widget-toggle-buttons { margin-left: 12px; }
.rd-actions .widget-toggle-buttons button { width: 44px; }
.rd-messages { width: 100%; }
.rd-msg { padding: 6px 10px; border-radius: 6px; margin: 2px 0; border-left: 5px solid; }
.rd-msg-ok { background: #e6f4ee; border-color: #009E73; }
.rd-msg-info { background: #e8f1f8; border-color: #0072B2; }
.rd-msg-warning { background: #fff4dc; border-color: #E69F00; }
.rd-msg-error { background: #fde8e1; border-color: #D55E00; }
.rd-resume, .rd-drafts { background: #fff4dc; border: 1px solid #E69F00; border-radius: 6px; padding: 4px 10px;
  align-items: center; gap: 8px; flex-wrap: wrap; }
.rd-drafts { background: #f6f8fa; border-color: #8c959f; }
.rd-profile { grid-template-columns: 2fr 1.4fr 1.4fr 1.2fr 1fr; gap: 4px 12px; background: #f6f8fa;
  border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; }
.rd-profile .rd-wide { grid-column: 1 / -1; }
.rd-field { font-weight: 600; font-size: 12.5px; color: #24292f; }
.rd-field-box { min-width: 0; }
.rd-body { align-items: flex-start; gap: 14px; }
.rd-questions { flex: 3 1 0; min-width: 0; gap: 10px; }
.rd-results { flex: 2 1 0; min-width: 340px; position: sticky; top: 8px; background: #ffffff;
  border: 1px solid #d0d7de; border-radius: 10px; padding: 10px 14px; box-shadow: 0 1px 3px rgba(0,0,0,.06); }
.rd-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; background: #fff; overflow-x: clip; }  /* no sideways jump when a choice takes focus */
.rd-card.rd-invalid { border-color: #D55E00; }
.rd-qhead { justify-content: space-between; align-items: flex-start; gap: 8px; }
.rd-qhead > .widget-html:first-child { flex: 1 1 auto; }
.rd-qtitle { font-size: 15px; }
.rd-qnum { display: inline-block; width: 22px; height: 22px; line-height: 22px; text-align: center;
  border-radius: 50%; background: #0072B2; color: #fff; font-size: 12px; margin-right: 6px; }
.rd-help { color: #57606a; font-size: 12.5px; margin: 2px 0 4px 28px; }
.rd-chip span { white-space: nowrap; font-size: 12px; border-radius: 10px; padding: 1px 8px; }
.rd-chip-done { background: #e6f4ee; color: #00563f; }
.rd-chip-todo { background: #eaeef2; color: #57606a; }
.rd-chip-invalid { background: #fde8e1; color: #8a2d00; }
.rd-problem { color: #8a2d00; background: #fde8e1; border-radius: 4px; padding: 2px 8px; margin: 2px 0 4px 0; font-size: 13px; }
.rd-chip-blocker { background: #B5470B; color: #fff; }
.rd-qhead > .rd-clear { flex: 0 0 auto; font-size: 12px; height: 26px; padding: 0 10px; }
.rd-qhead > .rd-chip { flex: 0 0 auto; }
.rd-choices { margin-left: 24px; width: calc(100% - 24px) !important; }
.rd-choices .widget-radio-box label { white-space: normal; line-height: 1.3; margin: 2px 0; }
.rd-goals { flex-wrap: wrap; gap: 2px 14px; margin-left: 28px; }
.rd-row { align-items: center; gap: 8px; margin-left: 28px; flex-wrap: wrap; }
.rd-card .rd-sub { margin-left: 28px; }
.rd-row .rd-sub, .rd-echo .rd-sub { margin-left: 0; }
.rd-card textarea { font-size: 13px; }
.rd-card .widget-textarea { margin-left: 28px; width: calc(100% - 28px) !important; }
.rd-score-line { display: flex; align-items: baseline; gap: 6px; }
.rd-big { font-size: 40px; font-weight: 700; color: #0b3c5d; }
.rd-outof { color: #57606a; font-size: 16px; }
.rd-badge { display: inline-block; font-size: 18px; font-weight: 700; border-radius: 8px; padding: 5px 14px; }
.rd-v-ready { background: #007A5A; color: #fff; }
.rd-v-conditional { background: #F0B429; color: #1f2328; }
.rd-v-not_ready { background: #B5470B; color: #fff; }
.rd-v-none { background: #eaeef2; color: #444; border: 1px dashed #8c959f; font-weight: 600; }
.rd-section { margin-top: 8px; font-weight: 700; font-size: 13px; color: #0b3c5d; text-transform: uppercase; letter-spacing: .03em; }
.rd-list { margin: 2px 0 0 0; padding-left: 18px; }
.rd-list li { margin: 2px 0; }
.rd-blocker { color: #8a2d00; }
.rd-gain { font-weight: 700; color: #00563f; white-space: nowrap; }
.rd-flip { font-weight: 700; white-space: nowrap; }
.rd-muted { color: #57606a; }
.r-radar img, img.r-radar { max-width: 100%; height: auto; }
/* The notebook's "Run All to show the form" line: not needed once the form is there (JupyterLab, Voilà). */
.jp-Cell:has(.rd-run-all) { display: none !important; }
</style>"""


def text(key: str, lang: str) -> str:
    """The form's own text for `key` in `lang`."""
    return pick(TEXTS[key], lang)


def message_html(kind: str, message: str) -> str:
    """One message of the message area (ok, info, warning or error); one line per line of text."""
    body = "<br>".join(html.escape(line) for line in message.splitlines())
    role = ' role="alert"' if kind == "error" else ""
    return f'<div class="rd-msg rd-msg-{kind}"{role}>{body}</div>'


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


# ---------------------------------------------------------------- results panel


class ResultsPanel:
    """Score, verdict badge, answered count, radar, percentile, blockers, risks and what-if."""

    def __init__(self, framework: Framework, lang: str):
        self.fw = framework
        self.heading = w.HTML()
        self.score = w.HTML().add_class("r-score")
        self.verdict = w.HTML().add_class("r-verdict")
        self.answered = w.HTML().add_class("r-answered")
        self.radar = LiveRadar(framework)
        self.percentile = w.HTML().add_class("r-percentile")
        self.details = w.HTML().add_class("r-details")
        parts = [self.heading, self.score, self.verdict, self.answered, self.radar.image, self.percentile, self.details]
        self.box = w.VBox(parts).add_class("rd-results")
        self.relabel(lang)

    def relabel(self, lang: str) -> None:
        """The panel's heading in `lang` (the rest is redrawn by `show`)."""
        self.heading.value = f'<div class="rd-section">{html.escape(text("results", lang))}</div>'

    def show(self, outcome: ClientOutcome, lang: str) -> None:
        """Render one outcome; widgets whose text did not change are not sent again."""
        r = outcome.result
        _set(self.score, score_html(r, lang))
        _set(self.verdict, verdict_html(self.fw, r.verdict, lang))
        _set(self.answered, f'<span class="rd-muted">{html.escape(text("answered", lang).format(n=5 - len(r.missing)))}</span>')
        self.radar.show(r.dimensions, outcome.benchmark, lang)
        _set(self.percentile, percentile_html(r, outcome.benchmark, lang))
        _set(self.details, details_html(self.fw, outcome, lang))


def score_html(result: Result, lang: str) -> str:
    """`61,7 / 100` under its label (provisional while questions are missing)."""
    label = text("overall" if result.complete else "provisional_score", lang)
    value = "–" if result.overall is None else format_number(result.overall, lang)
    return (
        f'<div class="rd-muted">{html.escape(label)}</div>'
        f'<div class="rd-score-line"><span class="rd-big">{value}</span><span class="rd-outof">/ 100</span></div>'
    )


def verdict_html(fw: Framework, verdict: str | None, lang: str) -> str:
    """The verdict badge: colour, icon and words, so it reads without colour too."""
    words = pick(fw.verdict_labels[verdict], lang) if verdict else text("verdict_pending", lang)
    return f'<span class="rd-badge rd-v-{verdict or "none"}" role="status">{VERDICT_ICONS[verdict]} {html.escape(words)}</span>'


def percentile_html(result: Result, bench: Benchmark | None, lang: str) -> str:
    """Where the client stands among peers (the radar names the group and says "sample data")."""
    share = bench.percentile.get("overall") if bench is not None and bench.shown and result.overall is not None else None
    if share is None:
        return ""
    words = html.escape(text("percentile", lang).format(p=format_percent(share, lang, digits=0)))
    provisional = "" if result.complete else f" ({html.escape(text('provisional_score', lang).lower())})"
    return f'<div class="rd-percentile"><b>{words}</b>{provisional}</div>'


def details_html(fw: Framework, outcome: ClientOutcome, lang: str) -> str:
    """Blockers, risks, what would change the verdict, and the first recommendations."""
    r = outcome.result
    parts = [_codes_html(fw.blocker_labels, r.blockers, "blockers", lang, "rd-blocker")]
    parts.append(_codes_html(fw.risk_labels, r.risks, "risks", lang, ""))
    parts.append(_what_if_html(fw, r, outcome.changes, lang))
    recs = r.recommendations[:RECOMMENDATIONS_SHOWN]
    if recs:
        items = "".join(f"<li>{html.escape(rec.text)}</li>" for rec in recs)
        parts.append(f'<div class="rd-section">{html.escape(text("recommendations", lang))}</div><ul class="rd-list">{items}</ul>')
    return "".join(parts)


def _codes_html(labels: Mapping[str, Mapping[str, str]], codes: tuple[str, ...], key: str, lang: str, css: str) -> str:
    head = f'<div class="rd-section">{html.escape(text(key, lang))} ({len(codes)})</div>'
    if not codes:
        return head + f'<div class="rd-muted">{html.escape(text("none_found", lang))}</div>'
    items = "".join(f'<li class="{css}">{html.escape(pick(labels[c], lang))}</li>' for c in codes)
    return head + f'<ul class="rd-list">{items}</ul>'


def _what_if_html(fw: Framework, result: Result, changes: tuple[Change, ...], lang: str) -> str:
    head = f'<div class="rd-section">{html.escape(text("what_if" if result.complete else "what_raises", lang))}</div>'
    if result.overall is None:
        return head + f'<div class="rd-muted">{html.escape(text("what_if_pending", lang))}</div>'
    shown = list(changes[:WHAT_IF_SHOWN])
    flip = next((c for c in changes if c.changes_verdict), None)
    if flip is not None and flip not in shown:
        shown.append(flip)
    if not shown:
        return head + f'<div class="rd-muted">{html.escape(text("top_score", lang))}</div>'
    items = "".join(_change_html(fw, c, lang) for c in shown)
    note = "" if flip or result.verdict is None else f'<div class="rd-muted">{html.escape(text("no_single_change", lang))}</div>'
    return head + f'<ul class="rd-list r-what-if">{items}</ul>' + note


def _change_html(fw: Framework, change: Change, lang: str) -> str:
    gain = f'<span class="rd-gain">+{format_number(change.gain, lang)} {text("points", lang)}</span>'
    flip = ""
    if change.changes_verdict and change.verdict:
        flip = f' <span class="rd-flip">→ {VERDICT_ICONS[change.verdict]} {html.escape(pick(fw.verdict_labels[change.verdict], lang))}</span>'
    return f"<li>{html.escape(change.description)} {gain}{flip}</li>"


def _set(widget: w.HTML, value: str) -> None:
    if widget.value != value:
        widget.value = value


# ---------------------------------------------------------------- the live radar


class LiveRadar:
    """The radar chart as an Image widget: background drawn once, the client's line blitted on change."""

    def __init__(self, framework: Framework, dpi: int = RADAR_DPI):
        self.fw = framework
        self.dpi = dpi
        self.image = w.Image(format="png", layout=w.Layout(width="100%", max_width="460px")).add_class("r-radar")
        self._drawn: OrderedDict[Any, _Canvas] = OrderedDict()  # a few backgrounds: FR/EN flips are instant
        self._key: Any = None
        self._values: tuple | None = None

    def show(self, dimensions: Mapping[str, float | None], bench: Benchmark | None, lang: str) -> None:
        """Redraw what changed: the background for a new peer group or language, the line for new scores."""
        key = (lang, _band_key(bench))
        if key != self._key:
            self._key, self._values = key, None
            self.image.description = text("radar_alt", lang)
            if key not in self._drawn:
                self._drawn[key] = _Canvas(self.fw, bench, lang, self.dpi)
            self._drawn.move_to_end(key)
            while len(self._drawn) > BACKGROUNDS_KEPT:
                self._drawn.popitem(last=False)
        values = tuple(dimensions.get(q) for q in QUESTION_IDS)
        if values != self._values:
            self.image.value = self._drawn[key].png_with(dimensions)
            self._values = values

    def png(self) -> bytes:
        """The PNG on screen."""
        return bytes(self.image.value)


class _Canvas:
    """One radar background (peer band, axes, legend) with the client's line drawn over it on demand."""

    def __init__(self, framework: Framework, bench: Benchmark | None, lang: str, dpi: int):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from ..outputs.charts import MEETING, plot_radar

        self.figure = plot_radar(dict.fromkeys(QUESTION_IDS), bench, framework=framework, lang=lang, size=MEETING)
        self.figure.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.line = next(line for line in self.figure.axes[0].get_lines() if line.get_gid() == "client")
        self.line.set_animated(True)  # left out of the full draw; drawn alone on each change
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def png_with(self, dimensions: Mapping[str, float | None]) -> bytes:
        """The PNG of the background with the client's line for these scores."""
        from ..outputs.charts import update_radar

        update_radar(self.figure, dimensions)
        self.canvas.restore_region(self.background)
        self.figure.axes[0].draw_artist(self.line)
        return _canvas_png(self.canvas)


def _band_key(bench: Benchmark | None) -> Any:
    """What the radar background depends on: the peer group and its quartiles."""
    if bench is None:
        return None
    stats = tuple((bench.q1.get(q), bench.median.get(q), bench.q3.get(q)) for q in QUESTION_IDS)
    return (bench.group, bench.sample, stats)


def _canvas_png(canvas: Any) -> bytes:
    """PNG of the canvas as it stands (charts.figure_png would redraw everything: ~5× slower)."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()
