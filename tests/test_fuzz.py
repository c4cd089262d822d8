"""The quick fuzz profile (bench/fuzz.py runs the long one): generated hostile and damaged inputs never crash, hang,
change the source or put a cell's content in an error."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from fuzz_cases import ZIP_GENERATORS, run_case

QUICK_CASES = 150


@pytest.mark.parametrize("block", range(3))
def test_quick_fuzz_profile(tmp_path: Path, block: int, no_network: list[str]) -> None:
    warnings.simplefilter("ignore")  # zipfile warns about the duplicate names the cases plant on purpose
    size = QUICK_CASES // 3
    results = [run_case(seed, tmp_path) for seed in range(block * size, (block + 1) * size)]
    failed = [r for r in results if r["failures"]]
    assert failed == [], failed[:5]
    assert max(r["wall"] for r in results) < 30
    assert no_network == []


def test_every_generator_is_exercised(tmp_path: Path) -> None:
    warnings.simplefilter("ignore")
    from fuzz_cases import make_case

    kinds = {make_case(seed, tmp_path)[0] for seed in range(400)}
    assert set(ZIP_GENERATORS) | {"folder", "fifo_path"} <= kinds
