"""The SVG charts: round axes, points where the values say, mirrored for right-to-left, text escaped."""

from __future__ import annotations

import re

import pytest

from wasl.analytics.charts import (
    Series,
    bar_chart,
    line_chart,
    nice_ceiling,
    percent,
    plain,
    tick_count,
    ticks,
)


@pytest.mark.parametrize(
    ("value", "ceiling"),
    [(0, 1.0), (0.07, 0.1), (0.31, 0.5), (7, 10), (12, 20), (230, 250), (999, 1000), (1001, 2000)],
)
def test_the_axis_ends_at_a_round_value_at_or_above_the_highest(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == pytest.approx(ceiling)


def test_ticks_split_the_axis_in_four() -> None:
    assert ticks(20) == [0, 5, 10, 15, 20]


@pytest.mark.parametrize(
    ("top", "integers", "count"), [(1, True, 1), (2, True, 2), (10, True, 5), (20, True, 4), (0.5, False, 4)]
)
def test_counts_get_whole_ticks(top: float, integers: bool, count: int) -> None:
    assert tick_count(top, integers) == count


def test_an_axis_of_counts_never_reads_half_an_order() -> None:
    svg = line_chart(title="Orders", labels=["a", "b"], series=[Series("Orders", [0, 2])])
    labels = re.findall(r'fill="#475569">([0-9.]+)</text>', svg)
    assert labels == ["0", "1", "2"]


def test_values_are_written_plainly_or_as_percentages() -> None:
    assert [plain(3), plain(2.5), plain(1234.4), percent(0.25), percent(0.125)] == [
        "3",
        "2.5",
        "1,234",
        "25%",
        "12.5%",
    ]


def _points(svg: str) -> list[str]:
    return re.findall(r'<polyline points="([^"]+)"', svg)


def test_a_line_runs_left_to_right_with_time() -> None:
    # Given three days of 0, 5 and 10 orders
    svg = line_chart(
        title="Orders", labels=["1 May", "2 May", "3 May"], series=[Series("Orders", [0, 5, 10])]
    )

    # Then the line starts bottom left and ends top right, with the axis from 0 to 10
    assert _points(svg) == ["48.0,192.0 339.0,102.0 630.0,12.0"]
    assert 'text-anchor="end" fill="#475569">10</text>' in svg
    assert "<title>Orders</title>" in svg and "<desc>Orders: 0, 5, 10</desc>" in svg


def test_in_right_to_left_time_runs_from_the_right() -> None:
    svg = line_chart(title="Orders", labels=["a", "b", "c"], series=[Series("Orders", [0, 5, 10])], rtl=True)

    assert _points(svg) == ["592.0,192.0 301.0,102.0 10.0,12.0"]
    assert 'direction="rtl"' in svg
    assert 'text-anchor="start" fill="#475569">10</text>' in svg


def test_a_gap_in_a_series_leaves_out_its_point_and_two_series_get_a_legend() -> None:
    svg = line_chart(
        title="RTO rate",
        labels=["a", "b", "c"],
        series=[Series("COD", [0.2, None, 0.4]), Series("Prepaid", [0.1, 0.1, 0.1])],
        value_format=percent,
    )
    assert len(_points(svg)) == 2
    assert svg.count("<circle") == 5
    assert ">COD</text>" in svg and ">Prepaid</text>" in svg
    assert "<desc>COD: 20%, 40%; Prepaid: 10%, 10%, 10%</desc>" in svg


def test_bars_are_as_long_as_their_values_and_labels_are_escaped() -> None:
    # Given two reasons, 10 and 5
    svg = bar_chart(title="Reasons", bars=[("Too <small>", 10), ("Damaged", 5)])

    # Then the bars start at the axis and the longer one reaches the round top of the scale
    widths = re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"', svg)
    assert widths == [("170", "460.0"), ("170", "230.0")]
    assert "Too &lt;small&gt;" in svg and "<small>" not in svg


def test_in_right_to_left_bars_grow_leftwards_from_the_labels_on_the_right() -> None:
    svg = bar_chart(title="Reasons", bars=[("A", 10), ("B", 5)], rtl=True)

    widths = re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"', svg)
    assert widths == [("10.0", "460.0"), ("240.0", "230.0")]


def test_an_empty_chart_still_draws_its_axes() -> None:
    svg = bar_chart(title="Nothing", bars=[])
    assert "<desc>-</desc>" in svg and "<line" in svg
