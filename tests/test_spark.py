"""The Spark job on a local Spark (two cores), against the local pipeline's own records."""
import json
import shutil

import pytest

pytest.importorskip("pyspark")

from quotewire.batch.spark import run_job  # noqa: E402
from quotewire.pipeline import run  # noqa: E402


def test_spark_job_writes_the_same_records_as_the_local_pipeline(tmp_path, seed_text_path):
    if not shutil.which("java"):
        pytest.skip("Spark needs Java")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(seed_text_path, inputs / "a-seed.txt")
    (inputs / "b-empty.html").write_bytes(b"")
    (inputs / "c-junk.bin").write_bytes(bytes(range(256)) * 100)
    out = tmp_path / "out"
    counts = run_job([str(inputs)], str(out), master="local[2]", partitions=3)
    lines = [line for part in sorted(out.glob("part-*")) for line in part.read_text(encoding="utf-8").splitlines()]
    spark_records = sorted((json.loads(line) for line in lines), key=lambda d: d["source"]["path"])
    local_records = [r.to_dict() for r in run([inputs])]
    assert len(spark_records) == 3 == counts["records"]
    assert spark_records == local_records
    assert counts["errors"] == sum("error" in r for r in local_records) >= 1
    assert counts["quotes"] == sum(len(r["quotes"]) for r in local_records) > 0
