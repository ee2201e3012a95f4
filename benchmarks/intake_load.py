"""Concurrent requests for help against the served application: throughput, and 0 acknowledged lost.

``python -m benchmarks intake_load`` runs once on SQLite and once on a throwaway PostgreSQL
cluster (``scripts/with-postgres``). Each run migrates a fresh data folder (which loads the
shipped vocabulary), makes three fictional organisations that take requests from the places and
topics the clients send (their keys made beforehand, as an organisation in service has them),
starts gunicorn with the production configuration (``jornada/gunicorn.py``), drives 50
concurrent clients for 60 seconds posting real requests to ``/api/v1/intake``, stops the
server, then checks every request acknowledged with 201 and a receipt code: it must be in the
database (by the HMAC of its code) and a recipient organisation must open it with its own key
and read back exactly the narrative the client sent.

Rate limits stay at their production values and are exercised: each request carries a random
client address in X-Forwarded-For (the server trusts one proxy), as behind a load balancer,
so every request pays for its rate-limit counters but one benchmark machine is not capped at
one address's 30 requests an hour. Never part of the test suite.
"""

from __future__ import annotations

import base64
import http.client
import json
import os
import random
import secrets
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
PATH = "/api/v1/intake"
PLACES = ("MX-OAX", "MX-GRO", "US-NC", "US-GA", "GT")
TOPICS = ("wage-theft", "recruitment-fees", "document-retention", "housing", "injury-workers-compensation")
LANGUAGES = ("es", "Mixteco", "en")
CHANNELS = ("whatsapp", "call", "sms", "email", "none")
URGENT = ("injury", "no_food_or_shelter", "documents_taken", "threatened", "child_alone")
WORDS = (
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
    "reclutador",
    "amenaza",
    "contrato",
)
ORGANISATIONS = (
    ("Centro Ficticio de Carga A", "carga-a", ["MX-OAX", "MX-GRO", "GT"]),
    ("Defensa Ficticia de Carga B", "carga-b", ["US-NC", "US-GA"]),
    ("Red Ficticia de Carga C", "carga-c", ["MX", "US", "GT"]),
)


@dataclass
class ClientResult:
    sent: dict[str, str] = field(default_factory=dict)  # receipt code -> narrative sent
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)


def payload(rng: random.Random, number: int) -> dict[str, object]:
    """One realistic request for help; its narrative starts with a marker unique to it."""
    channel = rng.choice(CHANNELS)
    contact = f"+52 951 {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
    if channel == "email":
        contact = f"trabajador{rng.randint(1, 10**6)}@example.org"
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(10, 300)))
    return {
        "whereabouts": rng.choice(["us", "home", "transit"]),
        "language": rng.choice(LANGUAGES),
        "categories": rng.sample(TOPICS, rng.randint(1, 3)),
        "narrative": f"carga-{number}-{secrets.token_hex(6)}: {words}",
        "party_name": f"Rancho Ficticio {rng.randint(1, 500)}",
        "place": rng.choice(PLACES),
        "year": rng.choice([2024, 2025, 2026]),
        "urgent_reasons": rng.sample(URGENT, 1) if rng.random() < 0.1 else [],
        "contact_channel": channel,
        "contact": "" if channel == "none" else contact,
        "safe_times": "domingos por la tarde",
        "may_leave_message": rng.random() < 0.5,
        "worker_name": f"Persona Ficticia {rng.randint(1, 10**6)}",
        "consent_contact": channel != "none",
        "consent_share": rng.random() < 0.7,
        "consent_count": rng.random() < 0.7,
        "any_organisation": True,
    }


def _client(port: int, deadline: float, seed: int, result: ClientResult) -> None:
    rng = random.Random(seed)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    number = 0
    while time.monotonic() < deadline:
        number += 1
        request = payload(rng, seed * 1_000_000 + number)
        address = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        headers = {"Content-Type": "application/json", "X-Forwarded-For": address, "Host": "127.0.0.1"}
        started = time.monotonic()
        try:
            connection.request("POST", PATH, body=json.dumps(request).encode(), headers=headers)
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
            code = json.loads(content).get("receipt_code")
            if code:
                result.sent[str(code)] = str(request["narrative"])
    connection.close()


def organisations_make() -> None:
    """The fictional organisations that take what the clients send, with their keys made."""
    from django.db import transaction

    from jornada.cases.keys import organisation_key_current
    from jornada.core import services as core_services
    from jornada.core.models import Organisation

    for name, slug, places in ORGANISATIONS:
        organisation = Organisation.objects.create(
            name=name, slug=slug, kind="legal_aid", country="MX", is_fictional=True
        )
        core_services.organisation_intake_update(
            organisation=organisation,
            by=None,
            accepts_intakes=True,
            places=places,
            languages=list(LANGUAGES),
            topics=list(TOPICS),
            takes_urgent=True,
        )
        with transaction.atomic():
            organisation_key_current(organisation)


def verify(sent: dict[str, str]) -> tuple[int, int]:
    """Return how many acknowledged requests are stored, and how many a recipient reads back intact."""
    from jornada.cases.keys import field_unseal
    from jornada.contributions.receipts import receipt_hash
    from jornada.intake.keys import recipient_key_unwrap
    from jornada.intake.models import Intake

    by_hash = {receipt_hash(code): narrative for code, narrative in sent.items()}
    hashes = list(by_hash)
    stored = readable = 0
    for start in range(0, len(hashes), 500):
        batch = Intake.objects.filter(receipt_hash__in=hashes[start : start + 500]).prefetch_related(
            "recipients__organisation"
        )
        for intake in batch:
            stored += 1
            recipients = [r for r in intake.recipients.all() if r.data_key is not None]
            if not recipients:
                continue
            key = recipient_key_unwrap(recipients[0])
            if field_unseal(key, intake, "narrative") == by_hash[intake.receipt_hash]:
                readable += 1
    return stored, readable


def measure() -> dict[str, object]:
    """One run against whatever DATABASE_URL says (SQLite in the data folder when unset)."""
    os.environ.setdefault("JORNADA_CASE_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    data = configure(os.environ.get("DATABASE_URL"))
    from django.db import connection

    from jornada.intake.models import Intake

    organisations_make()
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
            threading.Thread(target=_client, args=(port, stop, seed, results[seed]))
            for seed in range(CLIENTS)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started

    sent = {code: narrative for result in results for code, narrative in result.sent.items()}
    statuses: Counter[str] = Counter()
    for result in results:
        statuses.update(result.statuses)
    stored, readable = verify(sent)
    latencies = [latency for result in results for latency in result.latencies]
    server_log = (data / "server.log").read_text(errors="replace")
    return {
        "database": connection.vendor,
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "acknowledged": len(sent),
        "per_second": round(len(sent) / elapsed, 1),
        "in_database": stored,
        "readable": readable,
        "rows": Intake.objects.count(),
        "lost": len(sent) - stored,
        "server_errors": sum(n for status, n in statuses.items() if status.startswith("5")),
        "tracebacks": server_log.count("Traceback"),
        "statuses": dict(statuses),
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "workers": f"{WORKERS}×{THREADS}",
    }


def run() -> str:
    runs = []
    for prefix in ([], [str(ROOT / "scripts" / "with-postgres")]):
        completed = subprocess.run(
            [*prefix, sys.executable, "-m", "benchmarks.intake_load", "--one"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if completed.returncode != 0:
            raise RuntimeError(completed.stdout[-4000:] + completed.stderr[-4000:])
        runs.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    lines = [
        header(f"Requests for help ({CLIENTS} concurrent clients, {SECONDS:g} s, POST {PATH})"),
        "| database | gunicorn workers×threads | acknowledged (201) | per second | p50 | p95 "
        "| in database | read back by a recipient | lost | 5xx | tracebacks | other answers |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for result in runs:
        others = {status: n for status, n in result["statuses"].items() if status != "201"}
        lines.append(
            f"| {result['database']} | {result['workers']} | {result['acknowledged']} | {result['per_second']} "
            f"| {result['p50_ms']} ms | {result['p95_ms']} ms | {result['in_database']} | {result['readable']} "
            f"| {result['lost']} | {result['server_errors']} | {result['tracebacks']} | {others or 'none'} |"
        )
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:] == ["--one"]:
    print(json.dumps(measure()), flush=True)
