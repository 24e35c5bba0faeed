"""How the meeting form looks: its CSS, sent once with the form (ipywidgets classes start with rd-)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass


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
.rd-profile { grid-template-columns: repeat(auto-fill, minmax(15em, 1fr)); gap: 4px 12px; background: #f6f8fa;
  border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 12px; }
.rd-profile .rd-wide { grid-column: 1 / -1; }
/* Each field's own <label> (ipywidgets' description) sits above it, in the page's font. */
.rd-field { font-weight: 600; font-size: 12.5px; color: #24292f; }
.rd-form .rd-field-box { min-width: 0; flex-direction: column; align-items: stretch; margin: 2px 0; }
.rd-form .rd-field-box > .widget-label, .rd-form .rd-row .widget-label { font-weight: 600; font-size: 12.5px; color: #24292f;
  text-align: left; width: auto !important; max-width: none; margin: 0 0 2px 0; }
.rd-form .rd-row .widget-label { margin: 0 6px 0 0; line-height: 28px; }
.rd-form .rd-field-box { height: auto !important; }
.rd-form .rd-field-box > select, .rd-form .rd-field-box > input, .rd-form .rd-field-box > textarea { flex: 0 0 auto !important; }
.rd-form .rd-field-box > select, .rd-form .rd-field-box > input { height: 28px; text-overflow: ellipsis; }
.rd-date-box { min-width: 0; }
.rd-profile { grid-auto-flow: row dense; }
.rd-profile .p-name, .rd-profile .p-size { grid-column: span 2; }  /* room for the whole placeholder and size names */
.rd-form .rd-field-box input::placeholder { font-size: 12.5px; }
/* A label read by screen readers but not shown (the card already says what the box is for). */
.rd-form .rd-hidden-label > .widget-label { position: absolute !important; width: 1px !important; height: 1px;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; margin: 0; padding: 0; }
.rd-form textarea, .rd-form input, .rd-form select { font-family: inherit; font-size: 13px; }
/* Where the keyboard is, always visible: a thick blue ring on every control. */
.rd-form input:focus-visible, .rd-form select:focus-visible, .rd-form textarea:focus-visible, .rd-form button:focus-visible {
  outline: 3px solid #0072B2 !important; outline-offset: 2px; box-shadow: none; }
.rd-form input[type="radio"]:focus-visible, .rd-form input[type="checkbox"]:focus-visible { outline-offset: 1px; }
.rd-body { align-items: flex-start; gap: 14px; }
.rd-questions { flex: 3 1 0; min-width: 0; gap: 10px; }
.rd-results { flex: 2 1 0; min-width: 380px; position: sticky; top: 8px; background: #ffffff;
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
.rd-chip-strong { background: #e6f4ee; color: #00563f; }
.rd-chip-fair { background: #e8f1f8; color: #0b3c5d; }
.rd-chip-weak, .rd-chip-risk { background: #fff4dc; color: #6b4500; }
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
.rd-provisional .rd-big { color: #8c959f; font-style: italic; }
.rd-provisional { flex-wrap: wrap; border: 1px dashed #8c959f; border-radius: 8px; padding: 0 10px; margin-top: 2px; }
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
.r-radar img, img.r-radar { width: 100%; max-width: 560px; height: auto; display: block; margin: 4px auto; }
/* The notebook's "Run All to show the form" line: not needed once the form is there (JupyterLab, Voilà). */
.jp-Cell:has(.rd-run-all) { display: none !important; }
</style>"""
