"""The SVG bar charts of the PDFs and the reports page: labels cut by their printed width,
units set as the language sets them."""

from portal.evaluation.sections import BarChart
from reports.charts import _label, bar_chart_svg


def test_an_english_label_is_cut_by_width_not_by_characters():
    assert _label("Commendation proposals") == "Commendation proposals"
    assert _label("中学共青团工作：平均得分占满分比例") == "中学共青团工作：平均得分占满分…"
    long = "Youth education and social-practice activities held"
    assert _label(long).endswith("…") and len(_label(long)) == 32


def test_a_word_unit_stands_apart_from_its_number():
    svg = bar_chart_svg(BarChart(caption="Young people honoured",
                                 bars=[("Grade 7", 3), ("Grade 8", 12)], unit="people"))
    assert "3 people<" in svg and "12 people<" in svg
    svg = bar_chart_svg(BarChart(caption="受表彰青少年", bars=[("七年级", 3)], unit="人"))
    assert "3人<" in svg
    assert "75%<" in bar_chart_svg(BarChart(caption="x", bars=[("a", 75)], unit="%"))
