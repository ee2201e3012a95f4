"""Employer profile pages per second, as a fraction of ``/healthz`` on the same server.

The database holds every real file of ``../shared/data/dol`` (H-2A FY2017 and FY2022 Q2 with
its addenda, H-2B FY2019 and FY2022 Q2 appendices, the WHD sample and the debarments), so
profiles carry real seasons, worksites, housing, recruiters and findings. gunicorn runs with
the production configuration (2 workers × 4 threads); 16 client threads on the same machine
keep their connections open and request, for 20 seconds each, first ``/healthz`` and then the
Spanish profiles of the 200 employers with the most certification cases, round-robin. Before
that, each profile is visited once, alone, as on a server that has been running: the first visit
renders the DOL records and keeps them until the next import (its latency is reported too).
``/healthz`` touches the database once, so the ratio says what a profile costs beyond the fixed
price of any request. Run on SQLite, then on a throwaway PostgreSQL cluster.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.common import ROOT, configure, dol_data_dir, header, percentile, served

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "16"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "20"))
PROFILES = 200


@dataclass
class Load:
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def per_second(self) -> float:
        return sum(self.statuses.values()) / SECONDS


def _client(port: int, paths: list[str], offset: int, stop: float, load: Load) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    statuses: Counter[int] = Counter()
    latencies = []
    index = offset
    while time.monotonic() < stop:
        started = time.monotonic()
        connection.request("GET", paths[index % len(paths)], headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        latencies.append(time.monotonic() - started)
        statuses[response.status] += 1
        index += CLIENTS
    connection.close()
    with load.lock:
        load.statuses.update(statuses)
        load.latencies.extend(latencies)


def _drive(port: int, paths: list[str]) -> Load:
    load = Load()
    stop = time.monotonic() + SECONDS
    threads = [threading.Thread(target=_client, args=(port, paths, n, stop, load)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load


def measure() -> dict[str, object]:
    data = configure(os.environ.get("DATABASE_URL"))
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count

    from jornada.directory.models import Employer

    folder = dol_data_dir()
    quiet = io.StringIO()
    call_command(
        "import_dol", *sorted(str(path) for path in folder.glob("*.xlsx")), stdout=quiet, stderr=quiet
    )
    call_command(
        "import_whd", str(folder / "whd_whisard_sample_laborsight_2013.csv"), stdout=quiet, stderr=quiet
    )
    call_command(
        "import_debarments", str(folder / "buzzfeed_h2_debarments_2010_2014.csv"), stdout=quiet, stderr=quiet
    )
    slugs = list(
        Employer.objects.annotate(seasons=Count("case_links"))
        .order_by("-seasons", "slug")
        .values_list("slug", flat=True)[:PROFILES]
    )
    connection.close()
    profiles = [f"/es/directory/employers/{slug}/" for slug in slugs]
    with served(data, JORNADA_WEB_WORKERS="2", JORNADA_WEB_THREADS="4") as port:
        # First visits, one at a time: the records are rendered and kept (see directory/caching.py).
        first = []
        client = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for path in profiles:
            started = time.monotonic()
            client.request("GET", path, headers={"Host": "127.0.0.1"})
            client.getresponse().read()
            first.append(time.monotonic() - started)
        client.close()
        health = _drive(port, ["/healthz"])
        profile = _drive(port, profiles)
    return {
        "database": connection.vendor,
        "healthz": round(health.per_second, 1),
        "profile": round(profile.per_second, 1),
        "profile_p95_ms": round(percentile(profile.latencies, 0.95) * 1000, 1),
        "first_p50_ms": round(percentile(first, 0.5) * 1000, 1),
        "first_p95_ms": round(percentile(first, 0.95) * 1000, 1),
        "healthz_statuses": dict(health.statuses),
        "profile_statuses": dict(profile.statuses),
    }


def run() -> str:
    lines = [
        header(
            f"Employer profile throughput vs /healthz ({CLIENTS} clients, {SECONDS:g} s each; target ≥ 0.5)"
        ),
        "| database | /healthz per second | profile per second | ratio | profile p95 under load | first visit, alone: p50 / p95 | answers |",
        "|---|---|---|---|---|---|---|",
    ]
    for prefix in ([], [str(ROOT / "scripts" / "with-postgres")]):
        completed = subprocess.run(
            [*prefix, sys.executable, "-m", "benchmarks.directory_profile", "--one"],
            capture_output=True, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        if completed.returncode != 0:
            raise RuntimeError(completed.stdout[-4000:] + completed.stderr[-4000:])
        result = json.loads(completed.stdout.strip().splitlines()[-1])
        lines.append(
            f"| {result['database']} | {result['healthz']} | {result['profile']} "
            f"| **{result['profile'] / result['healthz']:.2f}** | {result['profile_p95_ms']} ms "
            f"| {result['first_p50_ms']} / {result['first_p95_ms']} ms "
            f"| {result['healthz_statuses']} / {result['profile_statuses']} |"
        )
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:] == ["--one"]:
    print(json.dumps(measure()), flush=True)
