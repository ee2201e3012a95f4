"""Concurrent review submissions against the served application: throughput and 0 lost.

``python -m benchmarks reviews`` runs once on SQLite and once on a throwaway PostgreSQL
cluster (``scripts/with-postgres``). Each run migrates a fresh data folder, starts gunicorn
with the production configuration (``jornada/gunicorn.py``), drives 50 concurrent clients for
60 seconds posting to ``/api/v1/reviews``, stops the server, then checks that every review
acknowledged with 201 is in the database (by the hash of its receipt code).

Each request carries a random client address in X-Forwarded-For (the server trusts one
proxy), as behind a load balancer: the per-client rate limit is exercised but does not cap
one benchmark machine. Never part of the test suite.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from benchmarks.common import ROOT, configure, header, percentile, served

CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = os.environ.get("BENCH_WEB_WORKERS", "2")
THREADS = os.environ.get("BENCH_WEB_THREADS", "4")
EMPLOYERS = 20
ANSWERS = ("yes", "no", "unknown", None)
QUESTIONS = [
    "fees_charged",
    "costs_reimbursed",
    "documents_kept",
    "pay_as_promised",
    "paid_all_hours",
    "hours_guarantee",
    "unexplained_deductions",
    "housing_free",
    "housing_safe",
    "housing_crowded",
    "transport_safe",
    "safety_risks",
    "safety_training",
    "threats",
    "retaliation",
    "would_return",
]
WORDS = [
    "patrón",
    "pago",
    "horas",
    "vivienda",
    "visa",
    "cosecha",
    "pasaporte",
    "descuento",
    "transporte",
    "pesticida",
    "deuda",
    "jefe",
]


@dataclass
class ClientResult:
    codes: list[str] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


def _payload(rng: random.Random, slugs: list[str]) -> bytes:
    review: dict[str, object] = {
        "employer": rng.choice(slugs),
        "programme": rng.choice(["h2a", "h2b", "unknown"]),
        "season_year": rng.choice([2023, 2024, 2025]),
        "rating_pay": rng.randint(1, 5),
        "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 120))),
    }
    for question in QUESTIONS:
        if (answer := rng.choice(ANSWERS)) is not None:
            review[question] = answer
    if review.get("fees_charged") == "yes":
        review.update(fees_amount=rng.randint(500, 60_000), fees_currency="MXN")
    return json.dumps(review).encode()


def _client(port: int, slugs: list[str], deadline: float, seed: int, result: ClientResult) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < deadline:
        body = _payload(rng, slugs)
        address = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        headers = {"Content-Type": "application/json", "X-Forwarded-For": address, "Host": "127.0.0.1"}
        started = time.monotonic()
        try:
            connection.request("POST", "/api/v1/reviews", body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            result.statuses[f"error {type(error).__name__}"] += 1
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            continue
        result.latencies.append(time.monotonic() - started)
        result.statuses[str(response.status)] += 1
        if response.status == 201:
            result.codes.append(json.loads(content)["receipt_code"])
    connection.close()


def measure() -> dict[str, object]:
    """One run against whatever DATABASE_URL says (SQLite in the data folder when unset)."""
    data = configure(os.environ.get("DATABASE_URL"))
    from django.db import connection

    from jornada.contributions.receipts import receipt_hash
    from jornada.directory.models import Employer
    from jornada.reviews.models import Review

    slugs = []
    for number in range(EMPLOYERS):
        employer = Employer.objects.create(
            name=f"Granja Ficticia {number} LLC",
            slug=f"granja-ficticia-{number}",
            normalised_name=f"granja ficticia {number}",
            is_fictional=True,
        )
        slugs.append(employer.slug)
    connection.close()

    with served(
        data,
        JORNADA_WEB_WORKERS=WORKERS,
        JORNADA_WEB_THREADS=THREADS,
        JORNADA_PROXY_COUNT="1",
    ) as port:
        results = [ClientResult() for _ in range(CLIENTS)]
        started = time.monotonic()
        stop = started + SECONDS
        threads = [
            threading.Thread(target=_client, args=(port, slugs, stop, seed, results[seed]))
            for seed in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    codes = [code for result in results for code in result.codes]
    statuses: Counter[str] = Counter()
    for result in results:
        statuses.update(result.statuses)
    hashes = [receipt_hash(code) for code in codes]
    found = 0
    for start in range(0, len(hashes), 500):
        found += Review.objects.filter(receipt_hash__in=hashes[start : start + 500]).count()
    latencies = [latency for result in results for latency in result.latencies]
    return {
        "database": connection.vendor,
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "acknowledged": len(codes),
        "per_second": round(len(codes) / elapsed, 1),
        "in_database": found,
        "rows": Review.objects.count(),
        "lost": len(codes) - found,
        "server_errors": sum(n for status, n in statuses.items() if status.startswith("5")),
        "statuses": dict(statuses),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "workers": f"{WORKERS}×{THREADS}",
    }


def run() -> str:
    runs = []
    for prefix in ([], [str(ROOT / "scripts" / "with-postgres")]):
        completed = subprocess.run(
            [*prefix, sys.executable, "-m", "benchmarks.reviews", "--one"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(completed.stdout[-4000:] + completed.stderr[-4000:])
        runs.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    lines = [
        header(f"Review submissions ({CLIENTS} concurrent clients, {SECONDS:g} s, POST /api/v1/reviews)"),
        "| database | gunicorn workers×threads | acknowledged (201) | per second | p50 | p95 | in database | lost | 5xx | other answers |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in runs:
        others = {status: n for status, n in result["statuses"].items() if status != "201"}
        lines.append(
            f"| {result['database']} | {result['workers']} | {result['acknowledged']} | {result['per_second']} "
            f"| {result['p50_ms']} ms | {result['p95_ms']} ms | {result['in_database']} | {result['lost']} "
            f"| {result['server_errors']} | {others or 'none'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:] == ["--one"]:
    print(json.dumps(measure()), flush=True)
