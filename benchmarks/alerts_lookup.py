"""Scam look-up latency: 1,000 mixed queries against 100,000 published warnings and the DOL recruiters.

The recruiters are the real H-2B Appendix C file (FY2022 Q2, about 41,000 rows) imported with
the project's importer from ../shared/data/dol (never copied into the repository). The
100,000 warnings are synthetic and clearly fictional: each has a phone number, a Facebook page
and one or two names built from the recruiter file's words. Queries mix numbers written in
other formats (044, "+52 1", dots, dashes), pasted Facebook addresses, names of warnings,
real recruiter names with a typo, and things that are nowhere. The measure is
``jornada.alerts.selectors.lookup`` as the page and the API call it (DOL search included).
Run on SQLite, then on a throwaway PostgreSQL cluster (scripts/with-postgres).
"""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

from benchmarks.common import header, summary_ms, table_row_on_both

WARNINGS = int(os.environ.get("BENCH_WARNINGS", "100000"))
QUERIES = 1_000
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "dol"
APPENDIX_C = SHARED / "H-2B_Appendix_C_FY2022_Q2.xlsx"


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    position = rng.randrange(1, len(word) - 1)
    return word[:position] + word[position + 1 :]


def _populate(rng: random.Random) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Import the real recruiters, insert the synthetic warnings; return names and warning identifiers."""
    from django.db import transaction

    from jornada.alerts.models import ScamReport, WarningIdentifier
    from jornada.contributions.models import Status
    from jornada.contributions.periods import current_month
    from jornada.directory.dol.names import normalise_name
    from jornada.directory.models import Recruiter
    from jornada.directory.services.imports import dol_file_import

    dol_file_import(path=APPENDIX_C)
    recruiter_names = list(Recruiter.objects.values_list("name", flat=True))
    words = [word for name in recruiter_names for word in name.split() if len(word) > 3]
    warnings: list[tuple[str, str, str]] = []
    month = current_month()
    with transaction.atomic():
        for start in range(0, WARNINGS, 5000):
            reports, identifiers = [], []
            for number in range(start, min(start + 5000, WARNINGS)):
                phone = f"+52{rng.choice(['55', '33', '81', '222', '951'])}{rng.randrange(10**7, 10**8)}"[:13]
                page = f"facebook.com/empleos.ficticios.{number}"
                name = " ".join(rng.choice(words) for _ in range(rng.choice((2, 3)))).title()
                report = ScamReport(
                    receipt_hash=f"bench{number:059d}",
                    status=Status.PUBLISHED,
                    received_month=month,
                    contact_name=name,
                    contact_phone=phone,
                    contact_facebook=page,
                    text="Aviso ficticio para medir la búsqueda.",
                )
                reports.append(report)
                identifiers += [
                    WarningIdentifier(report=report, kind="phone", value=phone, display=phone),
                    WarningIdentifier(report=report, kind="url", value=page, display=page),
                    WarningIdentifier(report=report, kind="name", value=normalise_name(name), display=name),
                ]
                warnings.append((phone, page, name))
            ScamReport.objects.bulk_create(reports)
            WarningIdentifier.objects.bulk_create(identifiers)
    return recruiter_names, warnings


def _local(phone: str, rng: random.Random) -> str:
    national = phone[3:]
    area, rest = (
        (national[:2], national[2:]) if national[:2] in ("55", "33", "81") else (national[:3], national[3:])
    )
    style = rng.randrange(5)
    if style == 0:
        return f"044 {area} {rest[:4]} {rest[4:]}"
    if style == 1:
        return f"+52 1 {area} {rest[:4]} {rest[4:]}"
    if style == 2:
        return f"{area}.{rest[:4]}.{rest[4:]}"
    if style == 3:
        return f"{area}-{rest[:4]}-{rest[4:]}"
    return national


def _queries(recruiters: list[str], warnings: list[tuple[str, str, str]], rng: random.Random) -> list[str]:
    queries = []
    for number in range(QUERIES):
        phone, page, name = rng.choice(warnings)
        style = number % 6
        if style in (0, 1):
            queries.append(_local(phone, rng))
        elif style == 2:
            queries.append(f"https://m.{page}/?ref=bookmarks")
        elif style == 3:
            queries.append(name)
        elif style == 4:
            queries.append(" ".join(_typo(word, rng) for word in rng.choice(recruiters).split()))
        else:
            queries.append(
                rng.choice([f"55 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}", "zq nadie"])
            )
    return queries


def measure() -> str:
    from django.db import connection

    from jornada.alerts.selectors import lookup

    rng = random.Random(11)
    started = time.perf_counter()
    recruiters, warnings = _populate(rng)
    populate_seconds = time.perf_counter() - started
    queries = _queries(recruiters, warnings, rng)
    for query in _queries(recruiters, warnings, random.Random(12))[:200]:  # warm up as a running server
        lookup(query)
    timings, answered = [], 0
    for query in queries:
        start = time.perf_counter()
        result = lookup(query)
        timings.append(time.perf_counter() - start)
        answered += bool(result.warnings or result.recruiters or result.employers)
    return (
        f"| {connection.vendor} | {len(warnings):,} warnings + {len(recruiters):,} recruiters | "
        f"{summary_ms(timings)} | {answered}/{len(queries)} answered | set-up {populate_seconds:.0f} s |"
    )


def run() -> str:
    if not APPENDIX_C.exists():
        return "\n## Alerts look-up\nskipped: ../shared/data/dol is absent"
    lines = [
        header("Scam look-up latency (1,000 mixed queries)"),
        "| database | data | latency | answered | set-up |",
        "|---|---|---|---|---|",
    ]
    lines += table_row_on_both("benchmarks.alerts_lookup", "alerts")
    return "\n".join(lines)
