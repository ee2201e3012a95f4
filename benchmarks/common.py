"""Shared set-up for benchmarks: a throwaway data folder, Django configured, machine description."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path


def configure(database_url: str | None = None) -> Path:
    """Point Jornada at a fresh temporary data folder, set up Django and migrate."""
    data = Path(tempfile.mkdtemp(prefix="jornada-bench-"))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "jornada.settings",
            "JORNADA_DATA_DIR": str(data),
            "JORNADA_SECRET_KEY": "benchmark-only-" + "x" * 50,
            "JORNADA_HTTPS": "false",
            "JORNADA_ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
            "JORNADA_CACHE_URL": f"file://{data / 'cache'}",
            "JORNADA_STATIC_MANIFEST": "false",
            "JORNADA_TASKS": "immediate",
            "JORNADA_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return data


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.node() or 'host'}: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def header(title: str) -> str:
    return f"\n## {title}\n{dt.date.today().isoformat()} · {machine()}\n"


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(values: Sequence[float]) -> str:
    return (
        f"p50 {percentile(values, 0.5) * 1000:.1f} ms · p95 {percentile(values, 0.95) * 1000:.1f} ms · "
        f"mean {statistics.fmean(values) * 1000:.1f} ms · n={len(values)}"
    )
