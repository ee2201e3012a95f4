"""The staff intake queue at scale: 100,000 requests for help across 20 organisations.

``populate`` writes the organisations, their staff and keys, a directory of employers and
recruiters, and 100,000 requests (``--quick``: 10,000) in bulk, sealed exactly as
``intake_submit`` seals them: a fresh data key per request, every personal field sealed with
AES-GCM bound to its table, field and row, and the data key wrapped for each recipient
organisation under that organisation's real key (``keys.organisation_key_create``, wrapped by
the master key). Each request goes to one to three organisations, drawn by size (the largest
receives about a sixth of them). About 40% still wait for a decision; the others were accepted
elsewhere, declined, marked duplicate or withdrawn, with their sealed fields and keys erased as
the services leave them. Half name a directory employer, a fifth a recruiter; 15% are urgent.

The pages are measured through Django's test client, with every middleware, signed in as an
advocate of the largest organisation with a verified second factor: the queue's first page, a
middle page and its last page, the queue filtered by urgency, category, place, language and an
employer's name, the same queue from the staff API, and one request's page (a real audited read
that also marks it as being reviewed). Requests of every kind take turns, after warm-up, so drift
on a shared machine falls on all of them alike. Never part of the test suite.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
import os
import random
import secrets
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from benchmarks.common import ROOT, configure, fictional_organisations, header, percentile, staff_client

SIZES = {"full": 100_000, "quick": 10_000}
ORGANISATIONS = 20
STAFF_PER_ORGANISATION = 3
EMPLOYERS = 3_000
RECRUITERS = 600
WAITING = 0.4  # share of requests still waiting for a decision
REPEATS = 200  # timed requests of each page kind
CHUNK = 2_000
PLACES = ("MX-OAX", "MX-MIC", "MX-VER", "MX-GRO", "GT", "US-NC", "US-GA", "US-WA", "US-FL", "US-CA")
LANGUAGES = ("es",) * 12 + ("mixteco", "zapoteco", "triqui", "purepecha", "mam", "en")
URGENT_REASONS = ("injury", "no_food_or_shelter", "documents_taken", "threatened", "child_alone")
WORDS = [
    "el",
    "la",
    "los",
    "de",
    "en",
    "con",
    "por",
    "para",
    "que",
    "se",
    "un",
    "una",
    "y",
    "pero",
    "patrón",
    "reclutador",
    "campo",
    "rancho",
    "cosecha",
    "pago",
    "semana",
    "horas",
    "extra",
    "salario",
    "cheque",
    "descuento",
    "renta",
    "vivienda",
    "transporte",
    "visa",
    "pasaporte",
    "documentos",
    "consulado",
    "cuota",
    "deuda",
    "firmó",
    "contrato",
    "trabajo",
    "temporada",
    "quitaron",
    "cobraron",
    "amenazó",
]


@dataclass
class Generated:
    requests: int
    reader_id: int
    reader_waiting: int
    sample_id: int
    category: str
    place: str
    language: str
    employer_words: str
    seconds: float


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def populate(*, requests: int, seed: int = 19) -> Generated:
    """Write organisations, staff, keys, directory records and ``requests`` sealed requests."""
    from django.db import connection, transaction
    from django.utils import timezone

    from jornada.cases.crypto import associated_data, new_key, seal
    from jornada.cases.keys import held_key_aad, organisation_key_create, organisation_key_unwrap
    from jornada.cases.models import ContactChannel
    from jornada.core.fields import random_id
    from jornada.directory.models import Employer, Recruiter
    from jornada.intake.models import (
        INTAKE_PERSONAL_FIELDS,
        DeclineReason,
        Intake,
        IntakeRecipient,
        IntakeStatus,
        RecipientDecision,
        Whereabouts,
    )
    from jornada.vocabulary.models import Category

    started = time.monotonic()
    rng = random.Random(seed)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    today = timezone.localdate()
    codes = list(Category.objects.active().values_list("code", flat=True))
    with transaction.atomic():
        orgs, staff = fictional_organisations(ORGANISATIONS, staff_each=STAFF_PER_ORGANISATION)
        keys = {org.pk: organisation_key_create(org, version=1) for org in orgs}
        clear_keys = {pk: organisation_key_unwrap(row) for pk, row in keys.items()}
        Employer.objects.bulk_create(
            Employer(
                name=f"Granja Ficticia {_text(rng, 2).title()} {number} LLC",
                slug=f"granja-ficticia-{number}",
                normalised_name=f"granja ficticia {number}",
                is_fictional=True,
            )
            for number in range(EMPLOYERS)
        )
        Recruiter.objects.bulk_create(
            Recruiter(
                name=f"Reclutadora Ficticia {number}",
                slug=f"reclutadora-ficticia-{number}",
                normalised_name=f"reclutadora ficticia {number}",
                is_fictional=True,
            )
            for number in range(RECRUITERS)
        )
    employers = list(Employer.objects.values_list("pk", flat=True))
    recruiters = list(Recruiter.objects.values_list("pk", flat=True))
    weights = [1 / (rank + 1) ** 0.8 for rank in range(ORGANISATIONS)]
    org_ids = [org.pk for org in orgs]
    intake_table = Intake._meta.db_table
    channels = [value for value in ContactChannel.values if value != ContactChannel.NONE]
    decided = [IntakeStatus.ACCEPTED, IntakeStatus.DECLINED, IntakeStatus.DUPLICATE, IntakeStatus.WITHDRAWN]
    sample_id = 0
    written = 0
    for start in range(0, requests, CHUNK):
        intakes, recipients = [], []
        for _ in range(start, min(start + CHUNK, requests)):
            pk = random_id()
            waiting = rng.random() < WAITING
            status = (
                rng.choice([IntakeStatus.RECEIVED, IntakeStatus.RECEIVED, IntakeStatus.REVIEWING])
                if waiting
                else rng.choice(decided)
            )
            reasons = sorted(rng.sample(URGENT_REASONS, rng.randint(1, 2))) if rng.random() < 0.15 else []
            intake = Intake(
                id=pk,
                receipt_hash=secrets.token_hex(32),
                status=status,
                received_at=now
                - dt.timedelta(hours=rng.randrange(0, 3 * 365 * 24 if not waiting else 60 * 24)),
                urgent=bool(reasons),
                urgent_reasons=reasons,
                categories=rng.sample(codes, rng.randint(1, 3)),
                employer_id=rng.choice(employers) if rng.random() < 0.5 else None,
                recruiter_id=rng.choice(recruiters) if rng.random() < 0.2 else None,
                place=rng.choice(PLACES),
                year=rng.choice([2023, 2024, 2025, 2026]),
                whereabouts=rng.choice(Whereabouts.values),
                language=rng.choice(LANGUAGES),
                contact_channel=rng.choice(channels),
                may_leave_message=rng.random() < 0.4,
                consent_contact=True,
                consent_share=rng.random() < 0.7,
                consent_count=rng.random() < 0.8,
                any_organisation=rng.random() < 0.6,
                decided_on=None if waiting else today,
                erased_on=None if waiting else today,
            )
            data_key = new_key()
            if waiting:
                clear = {
                    "worker_name": f"{_text(rng, 3).title()} (ficticio)",
                    "contact": f"+52{rng.randrange(10**9, 10**10)}",
                    "safe_times": _text(rng, 8),
                    "party_name": _text(rng, 3).title(),
                    "narrative": _text(rng, rng.randint(20, 300)),
                }
                for name in INTAKE_PERSONAL_FIELDS:
                    sealed = seal(data_key, clear[name].encode(), associated_data(intake_table, name, pk))
                    setattr(intake, f"{name}_sealed", sealed)
            intakes.append(intake)
            chosen = set(rng.choices(org_ids, weights=weights, k=rng.randint(1, 3)))
            for org_id in chosen:
                recipient = IntakeRecipient(
                    id=random_id(),
                    intake_id=pk,
                    organisation_id=org_id,
                    urgent=intake.urgent,
                    received_at=intake.received_at,
                )
                if waiting and rng.random() < 0.9:
                    recipient.data_key = seal(clear_keys[org_id], data_key, held_key_aad(recipient, 1))
                    recipient.key_version = 1
                    if not sample_id and org_id == org_ids[0]:
                        sample_id = pk
                else:
                    recipient.decision = (
                        rng.choice(
                            [
                                RecipientDecision.TAKEN_ELSEWHERE,
                                RecipientDecision.DECLINED,
                                RecipientDecision.WITHDRAWN,
                            ]
                        )
                        if not waiting or rng.random() < 0.5
                        else RecipientDecision.DECLINED
                    )
                    recipient.decline_reason = (
                        DeclineReason.NO_CAPACITY if recipient.decision == RecipientDecision.DECLINED else ""
                    )
                    recipient.decided_on = today
                recipients.append(recipient)
        with transaction.atomic():
            Intake.objects.bulk_create(intakes, batch_size=500)
            IntakeRecipient.objects.bulk_create(recipients, batch_size=1000)
        written += len(intakes)
        sys.stderr.write(
            f"\r{connection.vendor}: {written:,}/{requests:,} requests · {time.monotonic() - started:.0f} s"
        )
    sys.stderr.write("\n")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have, soon after a load this size
    from jornada.core.models import User as UserModel
    from jornada.intake.selectors import intakes_for_user

    reader = UserModel.objects.get(pk=staff[org_ids[0]][1])
    waiting_rows = intakes_for_user(user=reader)
    linked = waiting_rows.filter(employer__isnull=False).select_related("employer").first()
    return Generated(
        requests=requests,
        reader_id=reader.pk,
        reader_waiting=waiting_rows.count(),
        sample_id=sample_id,
        category=codes[0],
        place="MX-OAX",
        language="mixteco",
        employer_words=linked.employer.name.split()[2] if linked and linked.employer else "granja",
        seconds=time.monotonic() - started,
    )


def _pages(generated: Generated) -> dict[str, str]:
    from django.urls import reverse

    from jornada.intake.views_staff import PAGE_SIZE

    last = max(1, math.ceil(generated.reader_waiting / PAGE_SIZE))
    queue = reverse("intake_staff:queue")
    return {
        "queue, page 1": queue,
        f"queue, page {max(1, last // 2)}": f"{queue}?page={max(1, last // 2)}",
        f"queue, last page ({last})": f"{queue}?page={last}",
        "queue, urgent only": f"{queue}?urgent=on",
        "queue, one category": f"{queue}?category={generated.category}",
        "queue, one place": f"{queue}?place={generated.place}",
        "queue, one language": f"{queue}?language={generated.language}",
        "queue, employer name": f"{queue}?q={generated.employer_words}",
        "API queue, page 1": "/api/v1/staff/intake",
        "one request (audited read)": reverse("intake_staff:detail", args=[generated.sample_id]),
    }


def _timed_get(client: Any, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    return elapsed


def _query_count(client: Any, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


def measure(generated: Generated, *, repeats: int = REPEATS) -> dict[str, Any]:
    """Time every page kind, taking turns; return the figures."""
    from django.db import connection

    client = staff_client(generated.reader_id)
    pages = _pages(generated)
    for path in list(pages.values()) * 5:  # warm-up: templates, translations, caches
        _timed_get(client, path)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeats):
        for name, path in pages.items():
            timings[name].append(_timed_get(client, path))
    return {
        "database": connection.vendor,
        "requests": generated.requests,
        "reader_waiting": generated.reader_waiting,
        "generated_s": round(generated.seconds, 1),
        "pages": {
            name: {
                "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                "n": len(values),
                "queries": _query_count(client, pages[name]),
            }
            for name, values in timings.items()
        },
    }


def _one(size: str) -> dict[str, Any]:
    os.environ.setdefault("JORNADA_CASE_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    configure(os.environ.get("DATABASE_URL"))
    requests = int(os.environ.get("BENCH_REQUESTS", SIZES[size]))
    repeats = int(os.environ.get("BENCH_REPEATS", REPEATS))
    return measure(populate(requests=requests), repeats=repeats)


def _rows(result: dict[str, Any]) -> list[str]:
    size = (
        f"{result['requests']:,} requests, 20 organisations; {result['reader_waiting']:,} waiting "
        f"for the reader's organisation"
    )
    rows = []
    for name, figures in result["pages"].items():
        met = "yes" if figures["p95_ms"] <= 100 else "**no**"
        rows.append(
            f"| {result['database']} | {name} | p50 {figures['p50_ms']} ms · **p95 {figures['p95_ms']} ms** "
            f"· n={figures['n']} | {figures['queries']} | {met} | {size}; generated in {result['generated_s']:.0f} s |"
        )
    return rows


def run(arguments: Sequence[str] = ()) -> str:
    """Both databases, each in a process of its own (``--quick``: a tenth of the data)."""
    size = "quick" if "--quick" in arguments else "full"
    results = []
    for prefix in ([], [str(ROOT / "scripts" / "with-postgres")]):
        completed = subprocess.run(
            [*prefix, sys.executable, "-m", "benchmarks.intake_queue", "--one", size],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        if completed.returncode != 0:
            raise RuntimeError(completed.stdout[-4000:])
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    lines = [
        header(f"Staff intake queue, {results[0]['requests']:,} requests ({size} size; target p95 ≤ 100 ms)"),
        "| database | page | latency | queries | met | data |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        lines += _rows(result)
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:2] == ["--one"]:
    print(json.dumps(_one(sys.argv[2] if len(sys.argv) > 2 else "full")), flush=True)
