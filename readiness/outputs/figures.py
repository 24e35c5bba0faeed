"""After the meeting: chart files at slide size and a 16:9 PowerPoint deck with native charts.

`write_charts` writes every chart of one client's outcome (readiness.core.outcome) as PNG
(200 dpi), SVG and PDF, at full-slide and half-slide sizes, byte-identical for the same input;
`export_charts` builds the outcome first, from an assessment and the scored past assessments
(`readiness.store.past.load_past()`, or None for no benchmark). No file ever holds another
client's name or answers: only this client's values and peer aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.benchmark import K_DEFAULT
from ..core.errors import ReadinessError
from ..core.outcome import ClientOutcome, client_outcome
from ..store.writer import write_atomically

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ..core.assessment import Assessment
    from ..core.benchmark import PeerTable
    from ..core.framework import Framework
from ..text import Text, t
from .naming import client_folder, file_stem

FORMATS = ("png", "svg", "pdf")
SIZES = ("full", "half")
PNG_DPI = 200


# Everything that makes a file differ from one run to the next, switched off.
SVG_SALT = "readiness"
SAVE_OPTIONS = {
    # zlib level 3 instead of 6: PNGs ~40 % larger, written ~40 % faster (the export budget is 3 s).
    "png": {"metadata": {"Software": None}, "pil_kwargs": {"compress_level": 3}},
    "svg": {"metadata": {"Date": None}},
    "pdf": {"metadata": {"CreationDate": None}},
}


def export_charts(
    assessment: Assessment,
    past: pd.DataFrame | PeerTable | None = None,
    out_dir: str | Path | None = None,
    *,
    formats: Iterable[str] = FORMATS,
    sizes: Iterable[str] = SIZES,
    lang: str | None = None,
    framework: Framework | None = None,
    k: int = K_DEFAULT,
) -> list[Path]:
    """Write every chart of the client in each format and size; return the files written.

    `past` is scored under `framework` (readiness.store.past.load_past does it). Without `past`
    there is no peer distribution, so only the radar and the bars are written. Files are named
    `<client>-<date>-<chart>-<size>.<format>` in `out_dir` (default `exports/<client>/`).
    """
    formats, sizes = _checked("format", formats, FORMATS), _checked("size", sizes, SIZES)
    return write_charts(client_outcome(assessment, past, framework, lang, k), out_dir, formats=formats, sizes=sizes)


def write_charts(
    outcome: ClientOutcome, out_dir: str | Path | None = None, *, formats: Iterable[str] = FORMATS, sizes: Iterable[str] = SIZES
) -> list[Path]:
    """Write the charts of one client's outcome (as the screen shows it) in each format and size; the files written."""
    formats, sizes = _checked("format", formats, FORMATS), _checked("size", sizes, SIZES)
    folder = Path(out_dir) if out_dir is not None else client_folder(outcome.assessment)
    stem = file_stem(outcome.assessment)
    written = []
    for size in sizes:
        for chart, fig in chart_figures(outcome, size).items():
            settle_layout(fig)
            for fmt in formats:
                path = folder / f"{stem}-{chart}-{size}.{fmt}"
                write_atomically(path, figure_bytes(fig, fmt))
                written.append(path)
    return written


def chart_figures(outcome: ClientOutcome, size: str = "full") -> dict[str, Figure]:
    """The client's charts at one slide size, by chart name."""
    from . import charts

    m, dims = outcome, outcome.result.dimensions
    inches = {"full": charts.FULL_SLIDE, "half": charts.HALF_SLIDE}[size]
    common = {"framework": m.framework, "lang": m.lang, "size": inches}
    figures = {
        "radar": charts.plot_radar(dims, m.benchmark, title=_radar_title(m), **common),
        "bars": charts.plot_dimension_bars(dims, m.benchmark, **common),
    }
    if m.benchmark is not None:
        figures["distribution"] = charts.plot_distribution(m.result.overall, m.benchmark, **common)
    return figures


def settle_layout(fig: Figure) -> None:
    """Lay the figure out once, at PNG resolution, for every format (same layout whatever formats are asked, and faster)."""
    fig.set_dpi(PNG_DPI)
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")


def figure_bytes(fig: Figure, fmt: str) -> bytes:
    """The figure as PNG (200 dpi), SVG or PDF bytes with no date, version stamp or random id."""
    import io

    import matplotlib

    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": SVG_SALT}):
        fig.savefig(buffer, format=fmt, dpi=PNG_DPI, **SAVE_OPTIONS[fmt])
    return buffer.getvalue()


def _radar_title(m: ClientOutcome) -> str:
    n = len(m.framework.questions)
    if m.benchmark is not None and m.benchmark.shown:
        return t("The {n} dimensions against peers", m.lang, n=n)
    return t("The {n} dimensions", m.lang, n=n)


def _checked(name: str, values: Iterable[str] | str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The requested values in a stable order; a ReadinessError lists any unknown one."""
    values = tuple(v.strip().lower() for v in (values.split(",") if isinstance(values, str) else values) if v.strip())
    bad = [v for v in values if v not in allowed]
    if bad or not values:
        got = ", ".join(repr(v) for v in bad) if bad else "nothing"
        raise ReadinessError(Text("{name} must be among {allowed}, got {got}", name=name, allowed=", ".join(allowed), got=got))
    return tuple(v for v in allowed if v in values)
