"""`toolkit batch`: many archives into one Parquet dataset partitioned by archive, a bad archive recorded and
skipped, a run that resumes after being killed, and the same summary on a Dask cluster as on this machine."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from conftest import BASIC, FACEBOOK, INSTAGRAM, REDDIT, ROOT, X_SAMPLE
from toolkit import batch

SAMPLES = (BASIC, REDDIT, X_SAMPLE, FACEBOOK, INSTAGRAM)


def _folder(tmp_path: Path, copies: int = 1, broken: bool = True) -> Path:
    folder = tmp_path / "archives"
    folder.mkdir()
    for n in range(copies):
        for sample in SAMPLES:
            shutil.copy(sample, folder / (f"{n}-{sample.name}" if copies > 1 else sample.name))
    if broken:
        (folder / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    return folder


def _dataset(out: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    records = pl.read_parquet(out / "records" / "archive=*" / "part.parquet", hive_partitioning=True)
    findings = pl.read_parquet(out / "findings" / "archive=*" / "part.parquet", hive_partitioning=True)
    return records, findings


def test_batch_with_a_broken_archive(run_cli, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = run_cli("batch", _folder(tmp_path), "--out", out, "--workers", "2", "--no-ner")
    assert result.code == 0, result.err
    assert "5 of 6 archives scanned" in result.out and "broken.zip: not a readable zip" in result.out
    summary = json.loads((out / "summary.json").read_text())
    assert summary["archives_by_platform"] == {"facebook": 1, "instagram": 1, "linkedin": 1, "reddit": 1, "x": 1}
    records, findings = _dataset(out)
    assert records.height == summary["records"] and records["archive"].n_unique() == 5
    assert records.group_by("archive").agg(pl.col("record_id").n_unique() == pl.len()).to_series(1).all()
    # the counts are the single scans' counts
    from toolkit import pipeline

    single = pipeline.scan(BASIC, pipeline.ScanOptions(ner=False))
    counts = pl.DataFrame(summary["counts"]).filter((pl.col("platform") == "linkedin") & (pl.col("measure") ==
                                                                                          "records"))
    assert counts["count"].sum() == single.table.height
    assert findings.filter(pl.col("archive").str.starts_with("Basic")).height == single.findings.height
    csv = pl.read_csv(out / "summary.csv")
    assert set(csv.columns) == {"platform", "category", "measure", "value", "count"}


def test_redacted_batch_has_no_personal_data_in_the_dataset(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(BASIC, folder / BASIC.name)
    out = tmp_path / "results"
    assert run_cli("batch", folder, "--out", out, "--redact", "--no-ner").code == 0
    truth = json.loads(BASIC.with_name(BASIC.stem + ".truth.json").read_text())
    email = truth["member"]["email"]
    plain = tmp_path / "plain"
    assert run_cli("batch", folder, "--out", plain, "--no-ner").code == 0
    records, _ = _dataset(plain)
    assert records["text"].str.contains(email, literal=True).any()  # the test can fail: the value is there
    redacted, findings = _dataset(out)
    assert not redacted["text"].str.contains(email, literal=True).any()
    assert not redacted["attributes"].str.contains(email, literal=True).any()
    assert findings["start"].null_count() == findings.height


def test_a_killed_run_resumes_without_duplicates(tmp_path: Path) -> None:
    folder = _folder(tmp_path, copies=4, broken=False)
    out = tmp_path / "results"
    command = [sys.executable, "-m", "toolkit", "batch", str(folder), "--out", str(out), "--no-ner"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "done").glob("*.json"))) < 3:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    done_at_kill = len(list((out / "done").glob("*.json")))
    assert 3 <= done_at_kill < 20, done_at_kill  # killed mid-run
    rerun = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert f"({done_at_kill} done by an earlier run)" in rerun.stdout.replace("\n", " ")
    records, _ = _dataset(out)
    summary = json.loads((out / "summary.json").read_text())
    assert summary["done"] == 20 and records.height == summary["records"]
    assert records.select("archive", "record_id").is_unique().all()
    assert not list(out.rglob(".staging-*"))
    # the same as a run that was never interrupted
    clean = tmp_path / "clean"
    batch.run(batch.find_archives(str(folder)), clean, batch.BatchOptions(ner=False))
    assert json.loads((clean / "summary.json").read_text())["counts"] == summary["counts"]


def test_dask_local_cluster_gives_the_same_summary(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    folder = _folder(tmp_path)
    archives = batch.find_archives(str(folder))
    local = batch.run(archives, tmp_path / "local", batch.BatchOptions(ner=False), workers=2)
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  host="127.0.0.1") as cluster:
        remote = batch.run(archives, tmp_path / "dask", batch.BatchOptions(ner=False),
                           scheduler=cluster.scheduler_address)
    assert remote.summary["counts"] == local.summary["counts"] and remote.done == local.done == 5
    assert remote.failed == local.failed and len(remote.failed) == 1


def test_out_that_is_a_file_is_one_line(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "results"
    target.write_text("")
    result = run_cli("batch", _folder(tmp_path, broken=False), "--out", target, "--no-ner")
    assert result.code == 2 and "is a file: --out needs a folder" in result.err
    assert len(result.err.strip().splitlines()) == 1
