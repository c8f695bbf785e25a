"""The scale curves (``python -m benchmarks.scale``) at tiny sizes, so they cannot rot: every
curve gives a complete row, the sentences read the tables right, and ``--write`` replaces the
measured block of docs/explanation/scale.md and nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from benchmarks import scale


def _in_process(name: str, size: int) -> dict[str, Any]:
    return scale.measure(scale.CURVES[name], size)


def test_every_curve_gives_a_complete_row_at_a_tiny_size() -> None:
    curves = {**scale.CURVES, "facts": scale.facts_curve(schools=20)}
    points = {
        name: [scale.measure(curve, size) for size in (curve.sizes[:2] if curve.items else (30,))]
        for name, curve in curves.items()
    }
    for name, curve in curves.items():
        for point in points[name]:
            for key in ("seconds", "per_item_us", "peak_mib", *(k for _, k, _ in curve.columns)):
                assert point[key] > 0, (name, key)
    assert points["levels"][0]["kept"] == 30  # every school's levels, from a stream
    assert points["assess"][0]["json_kb"] > 1  # each school's JSON was written
    assert points["refresh"][0]["events"] > 0
    assert points["store"][0]["file_mb"] > 0  # and the cohort summary counted every school
    narrow, wide = points["facts"]
    assert (narrow["size"], wide["size"]) == (65, 130)
    assert wide["criteria"] > narrow["criteria"]
    assert narrow["items"] == wide["items"] == 20
    block = scale.render(points, {"measured on": "today", "machine": "m", "python": "p"}, "c", 1)
    for name, curve in curves.items():
        table = [line for line in block.splitlines() if line.startswith("| ")]
        assert any(line.startswith(f"| {curve.unit} | seconds |") for line in table), name
    assert "```" not in block  # docs pages' python blocks are executed by the test suite


def _points(per_item_us: list[float], peaks: list[float]) -> list[dict[str, Any]]:
    sizes = [1_000, 10_000, 100_000, 1_000_000][: len(per_item_us)]
    return [
        {"size": n, "items": n, "seconds": us * n / 1e6, "per_item_us": us, "peak_mib": peak}
        for n, us, peak in zip(sizes, per_item_us, peaks, strict=True)
    ]


def test_the_sentences_say_whether_the_cost_per_item_stays_flat() -> None:
    curve = scale.CURVES["levels"]
    flat = scale._growth(curve, _points([50, 52, 55, 54], [40, 40, 40, 40]))
    assert "stays flat (1.08 times the first)" in flat
    assert "grows linearly with the schools" in flat
    rising = scale._growth(curve, _points([50, 52, 70, 100], [40, 40, 40, 40]))
    assert "rises to 2.00 times the first, above 1.25 times from 100,000" in rising
    kept = scale._memory(curve, _points([50, 50, 50, 50], [40, 45, 90, 540]))
    assert kept.startswith("Peak memory grows by about 525 bytes per school")
    bounded = scale._memory(scale.CURVES["assess"], _points([500, 500], [36, 39]))
    assert bounded.startswith("Peak memory stays between 36 and 39 MiB")
    store = scale._extrapolated(
        scale.CURVES["store"], [{**_points([350], [40])[0], "kb_each": 5.5}]
    )
    assert "a million would take about 6 min" in store
    assert "each year of a national cohort's history (22,000 schools) adds about 121 MB" in store


def test_write_replaces_only_the_marked_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "scale.md"
    shutil.copy(scale.PAGE, page)
    before = page.read_text(encoding="utf-8")
    head, rest = before.split(scale.START)
    tail = rest.split(scale.END)[1]
    monkeypatch.setattr(scale, "measure_in_child", _in_process)
    argv = ["--curves", "levels,refresh", "--sizes", "40", "80", "--write", "--page", str(page)]
    for _ in range(2):  # a second run replaces the first run's block, it does not add to it
        assert scale.main(argv) == 0
        after = page.read_text(encoding="utf-8")
        assert after.startswith(head + scale.START + "\n")
        assert after.endswith("\n" + scale.END + tail)
        block = after[len(head) + len(scale.START) : -len(scale.END + tail)]
        assert (block.count("| 40 | "), block.count("| 80 | ")) == (2, 2)  # two curves
        assert "### Schools: raw evidence to levels" in block
        assert "### Refresh plans: assets planned" in block
        assert "### Store" not in block
        assert "`python -m benchmarks.scale --curves levels,refresh --sizes 40 80" in block


def test_write_refuses_a_page_without_the_block(tmp_path: Path) -> None:
    page = tmp_path / "other.md"
    page.write_text("# Another page\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        scale.main(["--write", "--page", str(page), "--curves", "refresh"])
    assert page.read_text(encoding="utf-8") == "# Another page\n"
    with pytest.raises(ValueError, match="one <!-- scale-curves:start -->"):
        scale.replace_block(f"{scale.END}\n{scale.START}\n", "block")


def test_each_size_runs_in_a_fresh_process() -> None:
    point = scale.measure_in_child("refresh", 50)
    assert point["size"] == 50
    assert point["events"] > 0
    assert 0 < point["peak_mib"] < 500
