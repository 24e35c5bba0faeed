"""What the meeting form says about unsaved drafts: only what the consultant asks for.

The screen is shared with the client, so the form never names another client on its own:

- "Drafts…" lists the unsaved drafts when the consultant presses it (and never exists in the
  Voilà app, which is for screen sharing: there the form lists no other client at all);
- typing a client's name offers that same client's unsaved draft, if there is one, so a closed
  tab or a crashed kernel loses nothing, in JupyterLab and in Voilà alike;
- "Not now" keeps the draft and stops offering it for the rest of the session.

`readiness drafts` lists, saves and discards drafts from the command line.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as w

from ..core.assessment import client_key
from ..store.drafts import Draft, list_drafts
from ..text import N_, t
from .texts import draft_label

# Variables Voilà sets in the environment of every kernel it starts (preheated or not).
BUTTONS = {  # label and tip of each button about drafts
    "resume": (N_("Resume"), N_("Resume the chosen draft")),
    "close": (N_("Close"), N_("Hide the list of drafts")),
    "resume_same": (N_("Resume"), N_("Resume this client's draft")),
    "ignore": (N_("Not now"), N_("Keep the draft; do not offer it again this session")),
}
VOILA_VARIABLES = ("VOILA_SERVER_URL", "VOILA_BASE_URL")


def screen_shared() -> bool:
    """Whether the form runs in the Voilà app (the screen-sharing mode), as its kernel's environment says."""
    return any(os.environ.get(name) is not None for name in VOILA_VARIABLES) or os.environ.get(
        "SERVER_SOFTWARE", ""
    ).startswith("voila/")


class DraftOffers:
    """The "Drafts…" button and list, and the offer of the typed client's own draft."""

    def __init__(self, folder: str | Path | None, sharing: bool, lang: str, resume: Callable[[Draft], None], framework_id: str | None = None):
        self.folder = folder
        self.framework_id = framework_id  # only drafts of the form's framework are listed or offered (others cannot be resumed here)
        self.sharing = sharing
        self.resume = resume
        self._dismissed: set[str] = set()  # "Not now" holds for the session
        self._offered: Draft | None = None
        self._listed: list[Draft] = []
        self.toggle = w.Button(layout=w.Layout(width="auto")).add_class("b-drafts")
        self.choice = w.Dropdown(layout=w.Layout(width="auto")).add_class("rd-draft-choice")
        self.buttons = {key: w.Button(layout=w.Layout(width="auto")).add_class(f"b-{key}") for key in ("resume", "close", "resume_same", "ignore")}
        self.list_prompt = w.HTML()
        self.list_box = w.HBox([self.list_prompt, self.choice, self.buttons["resume"], self.buttons["close"]]).add_class("rd-drafts")
        self.offer_prompt = w.HTML()
        self.offer_box = w.HBox([self.offer_prompt, self.buttons["resume_same"], self.buttons["ignore"]]).add_class("rd-resume")
        self.hide()
        self.relabel(lang)

    @property
    def actions(self) -> list[w.Widget]:
        """What goes among the form's buttons: "Drafts…", except in the screen-sharing app."""
        return [] if self.sharing else [self.toggle]

    @property
    def boxes(self) -> list[w.Widget]:
        """What goes under the form's messages: the list (when asked for) and the offer."""
        return [self.offer_box] if self.sharing else [self.list_box, self.offer_box]

    @property
    def listing(self) -> bool:
        """Whether the list of drafts is on screen."""
        return self.list_box.layout.display != "none"

    @property
    def offering(self) -> Draft | None:
        """The draft offered right now (the client typed), if any."""
        return self._offered if self.offer_box.layout.display != "none" else None

    def toggle_list(self, current_id: str, lang: str) -> None:
        """Show the unsaved drafts other than the one on screen, or hide them if shown."""
        if self.listing or self.sharing:
            self.close_list()
            return
        self._listed = [d for d in self._drafts() if d.id != current_id]
        self._show_list(lang)
        self.list_box.layout.display = None

    def offer_for(self, name: str, current_id: str, lang: str) -> None:
        """Offer the newest unsaved draft of the client whose name was just typed (none: offer nothing).

        Only a draft with an answer or a note: an empty one (a name typed, then the tab closed) never
        stands in front of the client's real draft. After "Not now", typing the name again offers the
        client's next draft, if any, so none becomes unreachable in the app.
        """
        key = client_key(name)
        same = [d for d in self._drafts() if key and client_key(d.client_name) == key and d.holds_work]
        found = next((d for d in same if d.id != current_id and d.id not in self._dismissed), None)
        self._offered = found
        self._show_offer(lang)

    def _drafts(self) -> list[Draft]:
        """The unsaved drafts this form can resume: those of its framework."""
        return [d for d in list_drafts(self.folder) if self.framework_id is None or d.framework_id == self.framework_id]

    def dismiss(self) -> None:
        """"Not now": keep the draft, and stop offering it for this session."""
        if self._offered is not None:
            self._dismissed.add(self._offered.id)
        self._clear_offer()

    def chosen(self) -> Draft | None:
        """The draft picked in the list."""
        return next((d for d in self._listed if str(d.path) == self.choice.value), None)

    def hide(self) -> None:
        """Nothing about drafts on screen, nor hidden in the page (a new assessment, a resumed one)."""
        self._listed = []
        self.close_list()
        self._clear_offer()

    def close_list(self) -> None:
        """Hide the list and forget its names (a hidden widget is still in the page)."""
        self.list_box.layout.display = "none"
        self.choice.options = []
        self.list_prompt.value = ""

    def relabel(self, lang: str) -> None:
        """Buttons and whatever is shown, in `lang`."""
        self.toggle.description, self.toggle.tooltip = t("Drafts…", lang), t("See the unsaved drafts (they name other clients: not while sharing your screen)", lang)
        for key, button in self.buttons.items():
            label, tip = BUTTONS[key]
            button.description, button.tooltip = t(label, lang), t(tip, lang)
        if self.listing:
            self._show_list(lang)
        self._show_offer(lang)

    def _show_list(self, lang: str) -> None:
        drafts = self._listed
        self.choice.options = [(draft_label(d, lang), str(d.path)) for d in drafts]
        self.choice.value = str(drafts[0].path) if drafts else None
        for widget in (self.choice, self.buttons["resume"]):
            widget.layout.display = None if drafts else "none"
        prompt = t("Unsaved drafts:", lang) if drafts else t("No unsaved draft.", lang)
        self.list_prompt.value = f"<b>{_esc(prompt)}</b>"

    def _show_offer(self, lang: str) -> None:
        draft = self._offered
        if draft is None:
            self._clear_offer()
            return
        prompt = t("This client has an unsaved draft ({answered} questions, {saved}).", lang).format(answered=draft.progress, saved=f"{draft.saved_at:%Y-%m-%d %H:%M}")
        self.offer_prompt.value = f"<b>{_esc(prompt)}</b>"
        self.offer_box.layout.display = None

    def _clear_offer(self) -> None:
        self._offered = None
        self.offer_box.layout.display = "none"
        self.offer_prompt.value = ""


def _esc(value: str) -> str:
    return html.escape(value, quote=True)
