"""The deck's charts, native and editable in PowerPoint: the radar of the dimensions, the peers' column chart, a client's progress."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .deck_kit import Page, set_colour

if TYPE_CHECKING:
    from pptx.slide import Slide


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
    _frame(chart, page.pt(14), XL_LEGEND_POSITION.BOTTOM)
    for plot_series, colour, dash in zip(chart.plots[0].series, (CLIENT, PEERS), (MSO_LINE.SOLID, MSO_LINE.DASH), strict=False):
        plot_series.format.line.color.rgb = RGBColor.from_string(colour.lstrip("#"))
        plot_series.format.line.width = Pt(2.75 if dash == MSO_LINE.SOLID else 2.25)
        plot_series.format.line.dash_style = dash
        plot_series.smooth = False
        plot_series.marker.style = XL_MARKER_STYLE.CIRCLE if dash == MSO_LINE.SOLID else XL_MARKER_STYLE.NONE
        plot_series.marker.format.fill.solid()
        plot_series.marker.format.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
    return chart


def add_columns(slide: Slide, box: tuple, categories: Sequence[str], name: str, values: Sequence[float], page: Page, *,
                highlight: int | None = None, label: str | None = None, axis_titles: tuple[str, str] = ("", "")) -> Any:
    """A native, editable column chart (peers in orange); the `highlight` column in the client's blue, with `label` above it."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION

    from .charts import CLIENT, MEDIAN, PEERS

    data = CategoryChartData(number_format='0" %"')
    data.categories = list(categories)
    data.add_series(name, [round(v, 1) for v in values])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, *box, data).chart
    _frame(chart, page.pt(12), XL_LEGEND_POSITION.TOP)
    chart.plots[0].gap_width = 40
    series = chart.plots[0].series[0]
    series.format.fill.solid()
    set_colour(series.format.fill.fore_color, PEERS.lstrip("#"))
    series.format.line.color.rgb = _rgb(MEDIAN)
    value_axis = chart.value_axis
    value_axis.minimum_scale = 0
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb("#DDDDDD")
    for axis, title in zip((chart.category_axis, value_axis), axis_titles, strict=True):
        axis.tick_labels.font.size = page.pt(11)
        if title:
            axis.has_title = True
            axis.axis_title.text_frame.text = title
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = page.pt(12)
            axis.axis_title.text_frame.paragraphs[0].runs[0].font.bold = False
    if highlight is not None:
        point = series.points[highlight]
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(CLIENT)
        if label:
            point.data_label.has_text_frame = True
            point.data_label.text_frame.text = label
            point.data_label.position = XL_LABEL_POSITION.OUTSIDE_END
            point.data_label.font.size = page.pt(13)
            point.data_label.font.bold = True
            point.data_label.font.color.rgb = _rgb(CLIENT)
    return chart


def add_progress(slide: Slide, box: tuple, visits: Sequence[str], name: str, scores: Sequence[float],
                 thresholds: Mapping[str, float], page: Page) -> Any:  # fmt: skip
    """A native line chart of the overall score at each visit (labelled), with the verdict thresholds as dashed lines."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE
    from pptx.util import Pt

    from .charts import CLIENT, GREY, VERDICT_COLOURS

    data = CategoryChartData(number_format="0.#")
    data.categories = list(visits)
    data.add_series(name, [round(v, 1) for v in scores])
    for label, at in thresholds.items():
        data.add_series(label, [at] * len(visits))
    chart = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, *box, data).chart
    _frame(chart, page.pt(12), XL_LEGEND_POSITION.BOTTOM)
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 25
    axis.has_major_gridlines = True
    axis.major_gridlines.format.line.color.rgb = _rgb("#DDDDDD")
    client, *lines = chart.plots[0].series
    client.format.line.color.rgb = _rgb(CLIENT)
    client.format.line.width = Pt(2.75)
    client.smooth = False
    client.marker.style = XL_MARKER_STYLE.CIRCLE
    client.marker.format.fill.solid()
    client.marker.format.fill.fore_color.rgb = _rgb(CLIENT)
    labels = client.data_labels
    labels.show_value, labels.position = True, XL_LABEL_POSITION.ABOVE
    labels.font.size, labels.font.bold = page.pt(13), True
    for line, colour in zip(lines, (VERDICT_COLOURS["conditional"], VERDICT_COLOURS["ready"]), strict=False):
        line.format.line.color.rgb = _rgb(colour or GREY)
        line.format.line.dash_style = MSO_LINE.DASH
        line.format.line.width = Pt(1.5)
        line.smooth = False
        line.marker.style = XL_MARKER_STYLE.NONE
    return chart


def _frame(chart: Any, font_size: Any, legend_position: Any) -> None:
    """What every deck chart shares: its font size, no title (else a one-series chart gets the series name), a legend outside the plot."""
    chart.font.size = font_size
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = legend_position
    chart.legend.include_in_layout = False


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#"))
