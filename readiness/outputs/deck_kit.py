"""Building blocks of the deck on top of python-pptx: page geometry, templates and layouts,
the house style, text boxes that fit, native tables and the native radar chart.

Type sizes are chosen by a conservative estimate of the wrapped text (a wide font such as
DejaVu Sans, which LibreOffice uses when Calibri is missing), so text fits in PowerPoint
and in LibreOffice alike.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.errors import ReadinessError
from ..text import N_

if TYPE_CHECKING:
    from pptx.presentation import Presentation
    from pptx.slide import Slide

Line = str | tuple[str, int]  # a line of text, or (text, indent level)

WIDE = (12192000, 6858000)  # 13.333 × 7.5 in, in EMU
EMU_PER_INCH = 914400
NAVY, INK, GREY, LIGHT = "1F3A5F", "333333", "666666", "EEF1F5"

# Layouts by role; each role accepts the English and the French PowerPoint name.
LAYOUTS = {
    "title": ("Title Slide", "Diapositive de titre"),
    "content": ("Title and Content", "Titre et contenu"),
    "title_only": ("Title Only", "Titre seul"),
}


@dataclass(frozen=True)
class Page:
    """The drawable area of a slide: margins, content box and the type scale of this deck."""

    width: int
    height: int
    top: int
    house: bool

    @property
    def scale(self) -> float:
        """Type scale: 1 on a 13.333-inch-wide slide."""
        return self.width / WIDE[0]

    @property
    def heading(self) -> Any:
        """Colour of headings and key figures: navy, or the template's second text colour."""
        return NAVY if self.house else _theme("TEXT_2")

    @property
    def ink(self) -> Any:
        """Colour of body text: dark grey, or the template's text colour."""
        return INK if self.house else _theme("TEXT_1")

    @property
    def accent(self) -> Any:
        """Fill of table headers: navy, or the template's first accent colour."""
        return NAVY if self.house else _theme("ACCENT_1")

    @property
    def on_accent(self) -> Any:
        """Text on the accent fill: white, or the template's background colour."""
        return "FFFFFF" if self.house else _theme("BACKGROUND_1")

    @property
    def margin(self) -> int:
        return round(0.6 * EMU_PER_INCH * self.scale)

    @property
    def bottom(self) -> int:
        return self.height - round(0.75 * EMU_PER_INCH * self.scale)

    def columns(self, *fractions: float, gap: float = 0.4) -> list[tuple[int, int, int, int]]:
        """Boxes (left, top, width, height) side by side, sharing the content width by fractions."""
        gap_emu = round(gap * EMU_PER_INCH * self.scale)
        usable = self.width - 2 * self.margin - gap_emu * (len(fractions) - 1)
        boxes, left = [], self.margin
        for f in fractions:
            width = round(usable * f / sum(fractions))
            boxes.append((left, self.top, width, self.bottom - self.top))
            left += width + gap_emu
        return boxes

    def pt(self, size: float) -> Any:
        from pptx.util import Pt

        return Pt(round(size * self.scale, 1))


# ---------------------------------------------------------------- templates and layouts


def open_template(template: str | Path) -> Presentation:
    """The agency's template (.pptx or .potx, 16:9) with its example slides removed (they may name other clients)."""
    from pptx import Presentation

    from ..core.limits import check_xlsx_size, read_bounded, table_bytes_limit

    path = Path(template)
    if not path.is_file():
        raise ReadinessError(f"template {str(path)!r} does not exist")
    data = read_bounded(path, table_bytes_limit(), N_("a deck template"), "table_mb")
    with suppress(zipfile.BadZipFile), zipfile.ZipFile(io.BytesIO(data)) as parts:
        check_xlsx_size(path, parts)  # a zip bomb is refused before python-pptx unpacks it
    try:
        prs = Presentation(io.BytesIO(_as_presentation(data)))
    except Exception as exc:  # python-pptx raises many kinds on a file that is not a .pptx
        raise ReadinessError(f"template {str(path)!r} is not a PowerPoint .pptx or .potx file ({type(exc).__name__})") from None
    ratio = prs.slide_width / prs.slide_height
    if abs(ratio - 16 / 9) > 0.02:
        inches = f"{prs.slide_width / EMU_PER_INCH:.3g} × {prs.slide_height / EMU_PER_INCH:.3g} in"
        raise ReadinessError(f"template {str(path)!r} has {inches} slides; the deck needs a 16:9 template (e.g. 13.333 × 7.5 in)")
    for slide_id in list(prs.slides._sldIdLst):
        prs.part.drop_rel(slide_id.rId)
        prs.slides._sldIdLst.remove(slide_id)
    return prs


def _as_presentation(data: bytes) -> bytes:
    """A .potx (PowerPoint template) relabelled as a presentation, which python-pptx can open."""
    template_type = b"presentationml.template.main+xml"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError):
        return data  # python-pptx reports it
    if template_type not in types:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in archive.infolist():
            body = archive.read(item)
            copy.writestr(item, types.replace(template_type, b"presentationml.presentation.main+xml") if item.filename == "[Content_Types].xml" else body)
    return out.getvalue()


def find_layout(prs: Presentation, role: str, template: str | Path | None) -> Any:
    """The layout for a role, by name; a ReadinessError names the missing layout and lists the others."""
    names = LAYOUTS[role]
    available = [layout for master in prs.slide_masters for layout in master.slide_layouts]
    for wanted in names:
        for layout in available:
            if layout.name.strip().casefold() == wanted.casefold():
                return layout
    where = f"template {Path(template).name!r}" if template is not None else "the default template"
    have = ", ".join(repr(layout.name) for layout in available) or "none"
    raise ReadinessError(f"{where} has no layout named {names[0]!r} (or {names[1]!r}); its layouts are: {have}")


def house_presentation() -> Presentation:
    """python-pptx's default template widened to 16:9, with navy left-aligned titles."""
    from pptx import Presentation

    prs = Presentation()
    ratio = WIDE[0] / prs.slide_width
    prs.slide_width, prs.slide_height = WIDE
    for part in [prs.slide_master, *prs.slide_master.slide_layouts]:
        for shape in part.placeholders:
            if shape._element.xfrm is not None:  # the others inherit their place from the master
                shape.left, shape.width = round(shape.left * ratio), round(shape.width * ratio)
    inch = EMU_PER_INCH
    for layout in [prs.slide_master, *(find_layout(prs, r, None) for r in ("content", "title_only"))]:
        for shape in layout.placeholders:
            if shape.placeholder_format.idx == 0:
                shape.left, shape.top, shape.width, shape.height = round(0.6 * inch), round(0.35 * inch), WIDE[0] - round(1.2 * inch), round(0.95 * inch)
            elif shape.placeholder_format.idx == 1:
                shape.left, shape.top, shape.width, shape.height = round(0.6 * inch), round(1.55 * inch), WIDE[0] - round(1.2 * inch), round(5.1 * inch)
    title_layout = find_layout(prs, "title", None)
    for shape in title_layout.placeholders:
        if shape.placeholder_format.idx == 0:
            shape.left, shape.top, shape.width, shape.height = round(0.9 * inch), round(1.7 * inch), round(11.5 * inch), round(1.9 * inch)
        elif shape.placeholder_format.idx == 1:
            shape.left, shape.top, shape.width, shape.height = round(0.9 * inch), round(3.95 * inch), round(11.5 * inch), round(1.8 * inch)
    _house_text_styles(prs)
    return prs


def _house_text_styles(prs: Presentation) -> None:
    """Titles 30 pt, navy, bold, left-aligned; body text dark grey, a size smaller per level."""
    from pptx.oxml.ns import qn

    styles = prs.slide_master._element.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    _restyle(title.find(qn("a:defRPr")), 3000, NAVY, bold=True)
    for level, size in zip(range(1, 6), (2200, 2000, 1800, 1600, 1600), strict=True):
        para = styles.find(qn("p:bodyStyle")).find(qn(f"a:lvl{level}pPr"))
        _restyle(para.find(qn("a:defRPr")), size, INK)
        para.find(qn("a:spcBef")).find(qn("a:spcPct")).set("val", "50000")


def _restyle(run_props: Any, size: int, colour: str, bold: bool = False) -> None:
    from pptx.oxml.ns import qn
    from pptx.oxml.xmlchemy import OxmlElement

    run_props.set("sz", str(size))
    if bold:
        run_props.set("b", "1")
    fill = run_props.find(qn("a:solidFill"))
    for child in list(fill):
        fill.remove(child)
    srgb = OxmlElement("a:srgbClr")
    srgb.set("val", colour)
    fill.append(srgb)

# ---------------------------------------------------------------- drawing helpers


def add_text(slide: Slide, box: tuple, lines: Sequence[str], size: Any, *, bold: bool = False, italic: bool = False,
             color: Any = None, align: str = "left", bold_prefix: str | None = None) -> Any:
    """A text box with one paragraph per line, wrapped inside the box."""
    shape = slide.shapes.add_textbox(*box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = 0
    fill_paragraphs(frame, lines, size, bold=bold, italic=italic, color=color, align=align, bold_prefix=bold_prefix)
    return shape


def add_bullets(slide: Slide, box: tuple, lines: Sequence[Line], page: Page, sizes: Sequence[float] = (20, 18, 16, 14, 12),
                bold_prefix: str | None = None) -> Any:
    """A text box of bulleted lines (level 1 indented, a size smaller) at the largest size that fits."""
    from pptx.util import Pt

    levels = [line[1] if isinstance(line, tuple) else 0 for line in lines]
    texts = [line[0] if isinstance(line, tuple) else line for line in lines]
    size = next((s for s in sizes if bullets_height(texts, levels, box[2], s * page.scale) <= box[3] / 12700), sizes[-1])
    shape = add_text(slide, box, texts, page.pt(size), bold_prefix=bold_prefix)
    for paragraph, level in zip(shape.text_frame.paragraphs, levels, strict=True):
        own = size - 2 * level
        indent = round(Pt(own * page.scale) * 0.9)
        _bullet(paragraph, indent, indent * (1 + 1.2 * level), "–" if level else "•")
        paragraph.space_after = Pt(round(own * 0.4 * page.scale))
        for run in paragraph.runs:
            run.font.size = page.pt(own)
    return shape


def bullets_height(texts: Sequence[str], levels: Sequence[int], width: int, size: float) -> float:
    """Estimated height in points of bulleted paragraphs as add_bullets lays them out (wide-font estimate)."""
    total = 7.2  # the text box's top and bottom insets
    for text_, level in zip(texts, levels, strict=True):
        own = size - 2 * level
        per_row = max(1, int((width / 12700 - own * 0.9 * (1 + 1.2 * level)) / (own * 0.55)))
        total += math.ceil(max(1, len(text_)) / per_row) * own * 1.2 + own * 0.4
    return total


def _bullet(paragraph: Any, indent: int, left: float, char: str) -> None:
    from pptx.oxml.xmlchemy import OxmlElement

    props = paragraph._p.get_or_add_pPr()
    props.set("marL", str(round(left)))
    props.set("indent", str(-indent))
    font = OxmlElement("a:buFont")
    font.set("typeface", "Arial")
    mark = OxmlElement("a:buChar")
    mark.set("char", char)
    props.append(font)
    props.append(mark)


def fill_paragraphs(frame: Any, lines: Sequence[str], size: Any, *, bold: bool = False, italic: bool = False,
                    color: str | None = None, align: str | None = None, bold_prefix: str | None = None) -> None:
    """Replace a text frame's text with one paragraph per line, formatted run by run."""
    from pptx.enum.text import PP_ALIGN

    frame.clear()
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        if align:
            paragraph.alignment = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}[align]
        parts = line.split(bold_prefix, 1) if bold_prefix and bold_prefix in line else [line]
        for j, part in enumerate(parts):
            run = paragraph.add_run()
            run.text = part + (bold_prefix if len(parts) > 1 and j == 0 else "")
            run.font.size, run.font.italic = size, italic or None
            run.font.bold = True if bold or (len(parts) > 1 and j == 0) else None
            if color is not None:
                set_colour(run.font.color, color)


def add_box(slide: Slide, box: tuple, colour: str, rounded: bool = False) -> Any:
    """A filled rectangle (or rounded rectangle) without outline."""
    from pptx.enum.shapes import MSO_SHAPE

    shape = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE if rounded else MSO_SHAPE.RECTANGLE, *box)
    solid(shape, colour)
    return shape


def solid(shape: Any, colour: Any) -> None:
    """Fill a shape with one colour, no outline, no shadow."""
    shape.fill.solid()
    set_colour(shape.fill.fore_color, colour)
    shape.line.fill.background()
    shape.shadow.inherit = False


def set_colour(target: Any, colour: Any) -> None:
    """Set a python-pptx ColorFormat from "RRGGBB" or a theme colour."""
    from pptx.dml.color import RGBColor

    if isinstance(colour, str):
        target.rgb = RGBColor.from_string(colour)
    else:
        target.theme_color = colour


def _theme(name: str) -> Any:
    from pptx.enum.dml import MSO_THEME_COLOR

    return getattr(MSO_THEME_COLOR, name)


def add_radar(slide: Slide, box: tuple, categories: Sequence[str], series: Mapping[str, Sequence[float | None]], page: Page) -> Any:
    """A native, editable radar chart on a fixed 0–100 scale: client solid blue, peers dashed orange."""
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE
    from pptx.util import Pt

    from .charts import CLIENT, PEERS

    data = CategoryChartData(number_format="0")
    data.categories = list(categories)
    for name, values in series.items():
        data.add_series(name, [None if v is None or (isinstance(v, float) and math.isnan(v)) else v for v in values])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.RADAR_MARKERS, *box, data).chart
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 25
    axis.tick_labels.font.size = page.pt(10)
    chart.font.size = page.pt(14)
    chart.has_title = False  # else a one-series chart gets the series name as its title
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    for plot_series, colour, dash in zip(chart.plots[0].series, (CLIENT, PEERS), (MSO_LINE.SOLID, MSO_LINE.DASH), strict=False):
        plot_series.format.line.color.rgb = RGBColor.from_string(colour.lstrip("#"))
        plot_series.format.line.width = Pt(2.75 if dash == MSO_LINE.SOLID else 2.25)
        plot_series.format.line.dash_style = dash
        plot_series.smooth = False
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE if dash == MSO_LINE.SOLID else XL_MARKER_STYLE.NONE
        plot_series.marker.format.fill.solid()
        plot_series.marker.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return chart


def add_table(slide: Slide, box: tuple, header: Sequence[str], rows: Sequence[Sequence[str]], page: Page, *,
              widths: Sequence[float], numeric: Sequence[int] = (), size: float | None = None, bold_last: bool = False,
              bold_rows: Sequence[bool] | None = None) -> Any:
    """A native table: navy header, light banding, numbers right-aligned, type sized to fit."""
    from pptx.util import Emu

    columns = [round(box[2] * w / sum(widths)) for w in widths]
    size = size or next((s for s in (18, 16, 14, 12) if table_height([header, *rows], columns, s, page) <= box[3]), 11)
    row_height = round(size * page.scale * 2.1 * 12700)
    table = slide.shapes.add_table(len(rows) + 1, len(header), box[0], box[1], box[2], row_height * (len(rows) + 1)).table
    for i, width in enumerate(columns):
        table.columns[i].width = Emu(width)
    for r, values in enumerate([header, *rows]):
        table.rows[r].height = Emu(row_height)
        bold = r == 0 or (bold_last and r == len(rows)) or bool(bold_rows and r > 0 and bold_rows[r - 1])
        for c, value in enumerate(values):
            _cell(table.cell(r, c), value, page, size, bold, header=r == 0, banded=r % 2 == 0,
                  align="right" if c in numeric else "left")
    return table


def _cell(cell: Any, value: str, page: Page, size: float, bold: bool, *, header: bool, banded: bool, align: str) -> None:
    from pptx.enum.text import MSO_ANCHOR

    cell.fill.solid()
    set_colour(cell.fill.fore_color, page.accent if header else (LIGHT if banded else "FFFFFF"))
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    fill_paragraphs(cell.text_frame, [value], page.pt(size), bold=bold, color=page.on_accent if header else page.ink, align=align)


def table_height(rows: Sequence[Sequence[str]], columns: Sequence[int], size: float, page: Page) -> int:
    """Estimated height of a table whose rows grow to fit their wrapped text (wide-font estimate)."""
    scaled = size * page.scale
    total = 0.0
    for row in rows:
        lines = max(max(1, math.ceil(len(value) / max(1, int((w / 12700 - 14.4) / (scaled * 0.6))))) for value, w in zip(row, columns, strict=True))
        total += max(lines * scaled * 1.2 + 7.2, scaled * 2.1)
    return round(total * 12700)


def fitting_size(lines: Sequence[str], width: int, height: int, page: Page, sizes: Sequence[float]) -> float:
    """The largest type size at which the lines, wrapped, fit the box (wide-font estimate)."""
    return next((size for size in sizes if fits(lines, width, height, size * page.scale)), sizes[-1])


def fits(lines: Sequence[str], width: int, height: int, size: float) -> bool:
    """Whether the lines, wrapped at `size` points, fit a box of width × height EMU."""
    per_line = max(1, int(width / 12700 / (size * 0.56)))
    rows = sum(max(1, math.ceil(len(line) / per_line)) for line in lines)
    return rows * size * 1.25 + len(lines) * size * 0.5 <= height / 12700


def fit_title(shape: Any, prs: Presentation) -> None:
    """Shrink a title's type, step by step, when its text would not fit the template's title box."""
    from pptx.util import Pt

    size = _title_size(shape, prs)
    inner = (shape.width - round(0.2 * EMU_PER_INCH), shape.height - round(0.1 * EMU_PER_INCH))
    fitted = next((s for s in range(int(size), 17, -2) if fits([shape.text_frame.text], *inner, s)), 18)
    if fitted < size:
        for run in (run for p in shape.text_frame.paragraphs for run in p.runs):
            run.font.size = Pt(fitted)


def _title_size(shape: Any, prs: Presentation) -> float:
    """The title's type size in points: the layout's own, else the master's title style, else 44."""
    from pptx.oxml.ns import qn

    path = f".//{qn('a:lvl1pPr')}/{qn('a:defRPr')}"
    layout = getattr(shape, "_base_placeholder", None)
    for element in (getattr(layout, "_element", None), prs.slide_master._element.find(qn("p:txStyles"))):
        found = element.find(path) if element is not None else None
        if found is not None and found.get("sz"):
            return int(found.get("sz")) / 100
    return 44.0


def body_placeholder(slide: Slide) -> Any:
    """The slide's main text placeholder (body, content or subtitle), if its layout has one."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    kinds = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)
    return next((p for p in slide.placeholders if p.placeholder_format.idx != 0 and p.placeholder_format.type in kinds), None)


def tint(colour: str, strength: float) -> str:
    """The colour mixed with white (strength 1 = the colour itself)."""
    rgb = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(255 - (255 - c) * strength):02X}" for c in rgb)

