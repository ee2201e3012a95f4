"""Staff case pages at scale, and what encrypting the personal fields costs a case page.

``populate`` writes 100,000 cases and 1,000,000 notes across 20 organisations (``--quick``:
10,000 and 100,000) straight into the tables, in bulk, sealed exactly as the services seal
them: a real organisation key per organisation (``keys.organisation_key_create``, wrapped by the
master key), a fresh data key per case wrapped by it, every personal field and note sealed with
AES-GCM and bound to its table, field and row (``crypto.seal``, ``crypto.associated_data``); the
smoke test opens them again through the app's audited selectors. Organisations differ in size
(the largest holds about a fifth of the cases), notes per case spread exponentially around ten,
texts are Spanish-like words of realistic lengths (narratives around 900 characters, notes
around 250, a few of several thousand). Two cases of the largest organisation are pinned: one
with 10 notes, one with 500.

The pages are measured through Django's test client, with every middleware, signed in as an
advocate of the largest organisation with a verified second factor (the session a TOTP login
leaves): the case list's first page, a middle page and its last page, and both pinned cases'
pages (each a real audited read: two audit events a visit). Requests of every kind take turns,
after warm-up, so drift on a shared machine falls on all of them alike.

Encryption overhead: each pinned case has a twin, the same organisation, texts, authors and
dates, whose columns hold the texts in clear; the twin's page is rendered by the same view with
the selectors' two key functions swapped for a clear read (``_in_clear``, here only). Encrypted
and clear requests alternate, and the ratio of their medians is reported.

``python -m benchmarks cases [--quick]`` runs SQLite, then a throwaway PostgreSQL cluster, each
in a process of its own (``BENCH_CASES``, ``BENCH_NOTES``, ``BENCH_REPEATS`` override the sizes).
Four cases in five are assigned, half evaluated and a quarter closed, so the list's derived
stage and assignee read real rows; its filtered pages (stage, urgency, a search by number) are
timed beside the plain ones.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import json
import math
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks.common import ROOT, configure, fictional_organisations, header, percentile, staff_client

SIZES = {"full": (100_000, 1_000_000), "quick": (10_000, 100_000)}
ORGANISATIONS = 20
STAFF_PER_ORGANISATION = 5
TYPICAL_NOTES = 10
HEAVY_NOTES = 500
REPEATS = int(os.environ.get("BENCH_REPEATS", "200"))  # timed requests of each page kind
OVERHEAD_PAIRS = 300  # encrypted/clear pairs for the 10-note case (a third of them for the 500-note one)
CHUNK = 2_000  # cases written per statement batch

_WORD_TEXT = (
    "el la los las de del en con por para que se le lo me nos su sus un una y o pero como cuando "
    "patrón contratista reclutador campo rancho cosecha manzana tabaco fresa vivero empacadora "
    "pago semana horas extra salario cheque descuento renta vivienda transporte visa pasaporte "
    "documentos consulado cuota deuda préstamo firmó contrato promesa trabajo temporada llegamos "
    "trabajamos dijeron quitaron cobraron pagaron amenazó despidió regresar México Guatemala "
    "Carolina Georgia Washington Florida compañeros mayordomo supervisor lesión mano espalda "
    "clínica médico seguro llamada WhatsApp mensaje hermano esposa hijos pueblo Oaxaca Michoacán "
    "Veracruz Chiapas abogada defensora cita caso revisar enviar copia recibos talones fotos "
    "testigos fecha mes abril mayo junio julio agosto septiembre octubre dólares pesos cien mil"
)
WORDS = tuple(_WORD_TEXT.split())


@dataclass
class Generated:
    """What ``populate`` wrote, and what the measurements need to find in it."""

    cases: int
    notes: int
    organisations: list[int]
    reader_id: int
    reader_cases: int
    typical_id: int
    heavy_id: int
    typical_notes: int
    heavy_notes: int
    twins: dict[int, int] = field(default_factory=dict)  # case id -> its clear twin's id
    seconds: float = 0.0


def _corpus(rng: random.Random, size: int) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        sentence = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
        sentence[0] = sentence[0].capitalize()
        text = " ".join(sentence) + rng.choice((". ", ". ", ", ", ".\n"))
        words.append(text)
        length += len(text)
    return "".join(words)


class _Text:
    """Realistic text of a wanted length, sliced from one long random corpus (fast)."""

    def __init__(self, rng: random.Random, *, size: int) -> None:
        self.rng = rng
        self.corpus = _corpus(rng, size)

    def __call__(self, median: float, low: int, high: int) -> str:
        length = int(min(high, max(low, self.rng.lognormvariate(math.log(median), 0.8))))
        start = self.rng.randrange(0, len(self.corpus) - length - 1)
        return self.corpus[start : start + length].strip() or "nota"


def _insert(model: Any, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in ``columns`` order): COPY on PostgreSQL, executemany on SQLite."""
    from django.db import connection

    if not rows:
        return
    quote = connection.ops.quote_name
    target = f"{quote(model._meta.db_table)} ({', '.join(quote(name) for name in columns)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {target} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {target} VALUES ({placeholders})", rows)  # noqa: S608


def _progress(label: str, done: int, total: int, started: float) -> None:
    """A one-line progress bar on standard error (the measurements' JSON goes to standard output)."""
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.monotonic() - started
    sys.stderr.write(
        f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} cases · {elapsed:.0f} s"
    )
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _note_counts(rng: random.Random, cases: int, notes: int, pinned: dict[int, int]) -> list[int]:
    """How many notes each case gets: exponential around the mean, ``pinned`` fixed, ``notes`` in all."""
    free = [index for index in range(cases) if index not in pinned]
    mean = max(0.0, (notes - sum(pinned.values())) / max(1, len(free)))
    counts = [0] * cases
    for index in free:
        counts[index] = int(rng.expovariate(1 / mean)) if mean else 0
    for index, count in pinned.items():
        counts[index] = count
    difference = notes - sum(counts)
    while difference and free:
        index = rng.choice(free)
        step = 1 if difference > 0 else -1
        if counts[index] + step >= 0:
            counts[index] += step
            difference -= step
    return counts


def populate(
    *,
    cases: int,
    notes: int,
    organisations: int = ORGANISATIONS,
    seed: int = 19,
    progress: Callable[[str, int, int, float], None] | None = _progress,
) -> Generated:
    """Write the organisations, staff, keys, cases and notes; return where the pinned cases are.

    One function on purpose: what the case pages show next (stages, assignees, parties,
    categories, tasks, documents) is generated here too, beside the case it belongs to.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from jornada.cases.crypto import associated_data, new_key, seal
    from jornada.cases.keys import organisation_key_create, organisation_key_unwrap
    from jornada.cases.models import (
        CASE_PERSONAL_FIELDS,
        Case,
        CaseAssignment,
        CaseNote,
        CaseStep,
        ContactChannel,
    )
    from jornada.core.fields import random_id

    started = time.monotonic()
    rng = random.Random(seed)
    text = _Text(rng, size=min(400_000, 40_000 + 100 * cases))
    now = timezone.now()
    with transaction.atomic():
        orgs, staff = fictional_organisations(organisations, staff_each=STAFF_PER_ORGANISATION)
        keys = {org.pk: organisation_key_create(org, version=1) for org in orgs}
        clear_keys = {pk: organisation_key_unwrap(row) for pk, row in keys.items()}
    # Organisation sizes fall off like 1/rank^0.8: the first holds about a fifth of the cases.
    weights = [1 / (rank + 1) ** 0.8 for rank in range(organisations)]
    owners = rng.choices([org.pk for org in orgs], weights=weights, k=cases)
    first_org = orgs[0].pk
    reader_cases = owners.count(first_org)
    of_first = [index for index, owner in enumerate(owners) if owner == first_org]
    typical, heavy = of_first[len(of_first) // 3], of_first[len(of_first) // 2]
    pinned = {typical: min(TYPICAL_NOTES, notes // 4), heavy: min(HEAVY_NOTES, notes // 2)}
    counts = _note_counts(rng, cases, notes, pinned)
    ids: set[int] = set()
    while len(ids) < cases:
        ids.add(random_id())
    case_ids = list(ids)
    case_table, note_table = Case._meta.db_table, CaseNote._meta.db_table
    step_table = CaseStep._meta.db_table
    prefix = {org.pk: "CF" + str(number + 1) for number, org in enumerate(orgs)}
    channels = list(ContactChannel.values)

    def adapt(value: dt.datetime) -> Any:
        """What the driver takes for a time: psycopg adapts aware times itself, SQLite gets text."""
        return value if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(value)

    case_columns = [
        "id", "organisation_id", "number", "created_at", "updated_at", "data_key", "key_version",
        *(f"{name}_sealed" for name in CASE_PERSONAL_FIELDS),
        "contact_channel", "may_leave_message", "anonymised_reason", "urgent", "stage_now",
    ]  # fmt: skip
    note_columns = ["id", "case_id", "author_id", "created_at", "text_sealed"]
    # Case work, so the list's derived stage and assignee have rows to read: four cases in five
    # assigned, half evaluated, a quarter closed (jornada.cases.workflow's tables).
    assignment_columns = ["case_id", "advocate_id", "assigned_by_id", "assigned_at"]
    step_columns = [
        "id", "case_id", "number", "kind", "recorded_by_id", "recorded_at", "approval_required",
        "decision", "outcome", "complaint_body", "back_wages_currency", "fees_currency", "text_sealed",
    ]  # fmt: skip
    written = 0
    for start in range(0, cases, CHUNK):
        case_rows, note_rows = [], []
        assignment_rows: list[tuple[Any, ...]] = []
        step_rows: list[tuple[Any, ...]] = []
        for index in range(start, min(start + CHUNK, cases)):
            pk, owner = case_ids[index], owners[index]
            created = now - dt.timedelta(seconds=rng.randrange(4 * 365 * 86400))
            data_key = new_key()
            clear = {
                "worker_name": f"{text(12, 6, 40).title()} (ficticio)",
                "contact": f"+52 1 {rng.randrange(10**9, 10**10)} · WhatsApp",
                "safe_times": text(60, 10, 300),
                "narrative": text(900, 80, 20_000),
            }
            sealed = [
                seal(data_key, clear[name].encode(), associated_data(case_table, name, pk))
                for name in CASE_PERSONAL_FIELDS
            ]
            wrapped = seal(
                clear_keys[owner], data_key, associated_data(case_table, "data_key", pk, version=1)
            )
            note_times = sorted(
                created + dt.timedelta(seconds=rng.randrange(1, 400 * 86400)) for _ in range(counts[index])
            )
            for when in note_times:
                note_pk = random_id()
                note = text(250, 20, 8_000)
                note_rows.append(
                    (
                        note_pk,
                        pk,
                        rng.choice(staff[owner]),
                        adapt(when),
                        seal(data_key, note.encode(), associated_data(note_table, "text", note_pk)),
                    )
                )
            updated = note_times[-1] if note_times else created
            work = rng.random()
            # What workflow.case_stage_store would have stored for the rows written below.
            stage = (
                "closed" if work < 0.25 else "open" if work < 0.5 else "evaluation" if work < 0.8 else "new"
            )
            if work < 0.8:
                advocate = rng.choice(staff[owner])
                assignment_rows.append((pk, advocate, advocate, adapt(created + dt.timedelta(hours=2))))
            for number, (kind, share, decision, outcome) in enumerate(
                (("evaluation", 0.5, "take", ""), ("closing", 0.25, "", "advice")), start=1
            ):
                if work < share:
                    step_pk = random_id()
                    summary = text(200, 20, 2_000)
                    step_rows.append(
                        (
                            step_pk, pk, number, kind, advocate,
                            adapt(created + dt.timedelta(days=number)), False, decision, outcome, "", "", "",
                            seal(data_key, summary.encode(), associated_data(step_table, "text", step_pk)),
                        )
                    )  # fmt: skip
            case_rows.append(
                (
                    pk, owner, f"{prefix[owner]}-{created.year}-{index:06d}", adapt(created), adapt(updated),
                    wrapped, 1, *sealed, rng.choice(channels), rng.random() < 0.4, "", rng.random() < 0.05, stage,
                )
            )  # fmt: skip
        with transaction.atomic():
            _insert(Case, case_columns, case_rows)
            _insert(CaseNote, note_columns, note_rows)
            _insert(CaseAssignment, assignment_columns, assignment_rows)
            _insert(CaseStep, step_columns, step_rows)
        written += len(case_rows)
        if progress:
            progress(f"{connection.vendor}: writing cases and notes", written, cases, started)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have, soon after a load this size
    generated = Generated(
        cases=cases,
        notes=notes,
        organisations=[org.pk for org in orgs],
        reader_id=staff[first_org][1],
        reader_cases=reader_cases,
        typical_id=case_ids[typical],
        heavy_id=case_ids[heavy],
        typical_notes=pinned[typical],
        heavy_notes=pinned[heavy],
    )
    for case_id in (generated.typical_id, generated.heavy_id):
        generated.twins[case_id] = clear_twin_create(case_id=case_id)
    generated.seconds = time.monotonic() - started
    return generated


def clear_twin_create(*, case_id: int) -> int:
    """Copy case ``case_id`` and its notes with every personal text in clear; return the copy's id.

    Same organisation, lengths, authors and dates: only the encryption differs. For the
    overhead measurement only; such a row must never exist outside a benchmark's database.
    """
    from django.db import transaction

    from jornada.cases.keys import data_key_unwrap, field_unseal
    from jornada.cases.models import CASE_PERSONAL_FIELDS, Case, CaseAssignment, CaseNote, CaseStep
    from jornada.core.fields import random_id

    case = Case.objects.get(pk=case_id)
    data_key = data_key_unwrap(case)
    with transaction.atomic():
        twin = Case.objects.get(pk=case_id)
        twin.pk = random_id()
        twin.number = f"{case.number}-CLARO"
        for name in CASE_PERSONAL_FIELDS:
            setattr(twin, f"{name}_sealed", field_unseal(data_key, case, name).encode())
        twin.save(force_insert=True)
        CaseNote.objects.bulk_create(
            CaseNote(
                id=random_id(),
                case=twin,
                author_id=note.author_id,
                created_at=note.created_at,
                text_sealed=field_unseal(data_key, note, "text").encode(),
            )
            for note in CaseNote.objects.filter(case=case)
        )
        for assignment in CaseAssignment.objects.filter(case=case):
            assignment.pk = None
            assignment.case = twin
            assignment.save(force_insert=True)
        for step in CaseStep.objects.filter(case=case):
            text = field_unseal(data_key, step, "text")
            step.pk = random_id()
            step.case = twin
            step.text_sealed = text.encode()
            step.save(force_insert=True)
    return int(twin.pk)


@contextlib.contextmanager
def _in_clear() -> Iterator[None]:
    """Make the case pages read a clear twin's columns as they are: no key unwrapped, nothing opened.

    Every module of ``jornada.cases`` that imported the two key functions gets the clear stand-ins,
    so a section added to the case page later is read in clear too.
    """
    from unittest import mock

    from jornada.cases import keys

    def unwrap(case: Any, **_: Any) -> bytes:
        return b""

    def unseal(data_key: bytes, record: Any, name: str) -> str:
        return bytes(getattr(record, f"{name}_sealed")).decode("utf-8")

    stand_ins = {"data_key_unwrap": unwrap, "field_unseal": unseal}
    with contextlib.ExitStack() as stack:
        for module_name, module in list(sys.modules.items()):
            if not module_name.startswith("jornada.cases.") or module is keys:
                continue
            for name, stand_in in stand_ins.items():
                if getattr(module, name, None) is getattr(keys, name):
                    stack.enter_context(mock.patch.object(module, name, stand_in))
        yield


def _pages(generated: Generated) -> dict[str, str]:
    from django.urls import reverse

    from jornada.cases.views import PAGE_SIZE

    last = max(1, math.ceil(generated.reader_cases / PAGE_SIZE))
    listing = reverse("cases:list")
    return {
        "list, page 1": listing,
        f"list, page {max(1, last // 2)}": f"{listing}?page={max(1, last // 2)}",
        f"list, last page ({last})": f"{listing}?page={last}",
        "list, stage open": f"{listing}?stage=open",
        "list, stage closed, page 2": f"{listing}?stage=closed&page=2",
        "list, urgent": f"{listing}?urgent=yes",
        "list, search by number": f"{listing}?q=CF1-2025",
        f"case with {generated.typical_notes} notes": reverse("cases:detail", args=[generated.typical_id]),
        f"case with {generated.heavy_notes} notes": reverse("cases:detail", args=[generated.heavy_id]),
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


def measure(generated: Generated, *, repeats: int = REPEATS, pairs: int = OVERHEAD_PAIRS) -> dict[str, Any]:
    """Time every page kind (taking turns) and the encrypted/clear pairs; return the figures."""
    from django.db import connection

    client = staff_client(generated.reader_id)
    pages = _pages(generated)
    for path in list(pages.values()) * 5:  # warm-up: templates, translations, caches
        _timed_get(client, path)
    timings: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeats):
        for name, path in pages.items():
            timings[name].append(_timed_get(client, path))
    result: dict[str, Any] = {
        "database": connection.vendor,
        "cases": generated.cases,
        "notes": generated.notes,
        "reader_cases": generated.reader_cases,
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
        "overhead": {},
    }
    for case_id, count, n in (
        (generated.typical_id, generated.typical_notes, pairs),
        (generated.heavy_id, generated.heavy_notes, max(1, pairs // 3)),
    ):
        result["overhead"][f"case with {count} notes"] = _overhead(
            client, case_id, generated.twins[case_id], pairs=n
        )
    return result


def _overhead(client: Any, case_id: int, twin_id: int, *, pairs: int) -> dict[str, Any]:
    """Alternate the encrypted page and its clear twin's (which goes first alternates too)."""
    from django.urls import reverse

    encrypted_path = reverse("cases:detail", args=[case_id])
    clear_path = reverse("cases:detail", args=[twin_id])

    def clear_get() -> float:
        with _in_clear():
            return _timed_get(client, clear_path)

    encrypted_body = client.get(encrypted_path).content.decode()
    with _in_clear():
        clear_body = client.get(clear_path).content.decode()
    if clear_body.replace("-CLARO", "").count("<li>") != encrypted_body.count("<li>"):
        raise RuntimeError("the clear twin does not render the same page")
    for _ in range(10):
        _timed_get(client, encrypted_path)
        clear_get()
    encrypted, clear = [], []
    for number in range(pairs):
        if number % 2:
            clear.append(clear_get())
            encrypted.append(_timed_get(client, encrypted_path))
        else:
            encrypted.append(_timed_get(client, encrypted_path))
            clear.append(clear_get())
    ratios = sorted(e / c for e, c in zip(encrypted, clear, strict=True))
    return {
        "encrypted_p50_ms": round(statistics.median(encrypted) * 1000, 2),
        "clear_p50_ms": round(statistics.median(clear) * 1000, 2),
        "ratio": round(statistics.median(encrypted) / statistics.median(clear), 3),
        "pair_ratio_p25_p75": [round(percentile(ratios, 0.25), 3), round(percentile(ratios, 0.75), 3)],
        "n": pairs,
    }


def _one(size: str) -> dict[str, Any]:
    os.environ.setdefault("JORNADA_CASE_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    data = configure(os.environ.get("DATABASE_URL"))
    cases, notes = SIZES[size]
    cases = int(os.environ.get("BENCH_CASES", cases))
    notes = int(os.environ.get("BENCH_NOTES", notes))
    try:
        return measure(populate(cases=cases, notes=notes))
    finally:
        shutil.rmtree(data, ignore_errors=True)  # a full-size SQLite database is about 1 GB


def _rows(result: dict[str, Any]) -> list[str]:
    size = f"{result['cases']:,} cases, {result['notes']:,} notes; reader's organisation {result['reader_cases']:,} cases"
    rows = []
    for name, figures in result["pages"].items():
        met = "yes" if figures["p95_ms"] <= 100 else "**no**"
        rows.append(
            f"| {result['database']} | {name} | p50 {figures['p50_ms']} ms · **p95 {figures['p95_ms']} ms** "
            f"· n={figures['n']} | {figures['queries']} | {met} | {size}; generated in {result['generated_s']:.0f} s |"
        )
    return rows


def _overhead_rows(result: dict[str, Any]) -> list[str]:
    rows = []
    for name, figures in result["overhead"].items():
        met = "yes" if figures["ratio"] <= 1.3 else "**no**"
        low, high = figures["pair_ratio_p25_p75"]
        rows.append(
            f"| {result['database']} | {name} | {figures['encrypted_p50_ms']} ms | {figures['clear_p50_ms']} ms "
            f"| **{figures['ratio']:.2f}×** (pairs: quartiles {low:.2f}–{high:.2f}, n={figures['n']}) | {met} |"
        )
    return rows


def run(arguments: Sequence[str] = ()) -> str:
    """Both databases, each in a process of its own (``--quick``: a tenth of the data)."""
    size = "quick" if "--quick" in arguments else "full"
    results = []
    for prefix in ([], [str(ROOT / "scripts" / "with-postgres")]):
        completed = subprocess.run(
            [*prefix, sys.executable, "-m", "benchmarks.cases", "--one", size],
            stdout=subprocess.PIPE, text=True, cwd=ROOT, check=False,
        )  # fmt: skip
        if completed.returncode != 0:
            raise RuntimeError(completed.stdout[-4000:])
        results.append(json.loads(completed.stdout.strip().splitlines()[-1]))
    cases, notes = results[0]["cases"], results[0]["notes"]
    lines = [
        header(f"Staff case pages, {cases:,} cases and {notes:,} notes ({size} size; target p95 ≤ 100 ms)"),
        "| database | page | latency | queries | met | data |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        lines += _rows(result)
    lines += [
        "",
        "Encryption overhead: the same case page, encrypted against its clear twin (target ≤ 1.3×)",
        "",
        "| database | page | encrypted, median | in clear, median | ratio of medians | met |",
        "|---|---|---|---|---|---|",
    ]
    for result in results:
        lines += _overhead_rows(result)
    return "\n".join(lines)


if __name__ == "__main__" and sys.argv[1:2] == ["--one"]:
    print(json.dumps(_one(sys.argv[2] if len(sys.argv) > 2 else "full")), flush=True)
