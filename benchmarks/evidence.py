"""Evidence at scale: building the publication uncached, and the cached dashboard pages.

``populate`` writes fictional records in bulk: 1,000,000 published reviews of 5,000 employers in
20 US states over eight seasons, 200,000 published scam warnings from six countries, and
500,000 cases of 20 organisations (70% with consent to reporting, one or two problems filed
each, a fifth naming an employer, 40% closed with an outcome and some with back wages, half
with a first contact). ``--quick`` writes a twentieth of that; ``BENCH_SCALE`` (a fraction, say
0.2) scales the full sizes.

Measured: ``publication_build()`` from the database with no cache, twice, with the time split
between each source's reads and the disclosure control (the greedy rules and the HiGHS audit
apart); then, with the publication in the cache as readers find it, every public dashboard page
through Django's test client, 200 times each, kinds taking turns, after warm-up.
Never part of the test suite.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from benchmarks.common import ROOT, configure, header, percentile, summary_ms

FULL = {"reviews": 1_000_000, "warnings": 200_000, "cases": 500_000}
QUICK_FRACTION = 0.05
EMPLOYERS = 5_000
ORGANISATIONS = 20
STATES: tuple[str, ...] = (
    *("GA", "NC", "WA", "FL", "CA", "MI", "NY", "OR", "TX", "LA"),
    *("KY", "VA", "SC", "AZ", "ID", "CO", "AR", "MS", "TN", "VT"),
)
COUNTRIES = ("MX",) * 6 + ("GT", "GT", "HN", "SV", "NI", "")
YEARS = tuple(range(2018, 2026))
QUESTIONS = (
    "fees_charged",
    "documents_kept",
    "pay_as_promised",
    "paid_all_hours",
    "housing_crowded",
    "threats",
)
CONCERN = {"pay_as_promised": "no", "paid_all_hours": "no"}
CHUNK = 5_000
REPEATS = 200
TARGET_BUILD_S = {"sqlite": 3.0, "postgresql": 1.0}
TARGET_PAGE_P95_S = 0.050


def sizes(quick: bool) -> dict[str, int]:
    fraction = QUICK_FRACTION if quick else float(os.environ.get("BENCH_SCALE", "1"))
    return {name: max(1, round(n * fraction)) for name, n in FULL.items()}


def _chunks(count: int) -> Any:
    for start in range(0, count, CHUNK):
        yield start, min(count, start + CHUNK)


def populate(counts: dict[str, int], seed: int = 23) -> float:
    """Write the fictional records; return the seconds it took."""
    from django.db import transaction

    from jornada.alerts.models import ScamReport
    from jornada.cases.models import (
        Case,
        CaseCategory,
        CaseConsent,
        CaseContact,
        CaseParty,
        CaseStep,
        ConsentMethod,
        ConsentPurpose,
        ContactDirection,
        Outcome,
        PartyRole,
        StepKind,
    )
    from jornada.contributions.models import Status
    from jornada.core.models import Organisation
    from jornada.directory.models import Employer
    from jornada.reviews.models import Review, ReviewProgramme, SubjectKind
    from jornada.vocabulary.models import Category

    began = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        Employer.objects.bulk_create(
            Employer(name=f"Rancho Ficticio {i}", slug=f"rancho-ficticio-{i}", state=STATES[i % len(STATES)])
            for i in range(EMPLOYERS)
        )
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Centro Ficticio {i}", slug=f"centro-ficticio-{i}")
            for i in range(ORGANISATIONS)
        )
    employers = list(Employer.objects.values_list("pk", flat=True))
    categories = list(Category.objects.values_list("pk", "version")) if hasattr(Category, "version") else []
    if not categories:
        categories = [(pk, 1) for pk in Category.objects.values_list("pk", flat=True)]
    # A skewed choice: a few employers, states and problems gather most records, as in life.
    weights = [1 / (i + 1) ** 0.8 for i in range(len(employers))]
    for start, end in _chunks(counts["reviews"]):
        chosen = rng.choices(employers, weights, k=end - start)
        rows = []
        for i, employer in zip(range(start, end), chosen, strict=True):
            answers = {}
            for name in QUESTIONS:
                bad = CONCERN.get(name, "yes")
                answers[name] = bad if rng.random() < 0.3 else ("yes" if bad == "no" else "no")
            year = rng.choice(YEARS)
            rows.append(
                Review(
                    subject_kind=SubjectKind.EMPLOYER,
                    employer_id=employer,
                    status=Status.PUBLISHED,
                    receipt_hash=f"r{i:063x}",
                    received_month=dt.date(year, rng.randint(6, 12), 1),
                    programme=ReviewProgramme.H2A if rng.random() < 0.8 else ReviewProgramme.H2B,
                    season_year=year,
                    **answers,
                )
            )
        Review.objects.bulk_create(rows)
    for start, end in _chunks(counts["warnings"]):
        ScamReport.objects.bulk_create(
            ScamReport(
                status=Status.PUBLISHED,
                receipt_hash=f"w{i:063x}",
                country=rng.choice(COUNTRIES),
                programme=rng.choice((ReviewProgramme.H2A, ReviewProgramme.H2B)),
                received_month=dt.date(rng.choice(YEARS), rng.randint(1, 12), 1),
                paid=rng.choice(("yes", "no", "")),
                asked_for="visa" if rng.random() < 0.5 else "",
            )
            for i in range(start, end)
        )
    org_weights = [1 / (i + 1) for i in range(ORGANISATIONS)]
    outcomes = list(Outcome.values)
    for start, end in _chunks(counts["cases"]):
        made = Case.objects.bulk_create(
            Case(
                organisation=rng.choices(organisations, org_weights)[0],
                number=f"B-{i}",
                created_at=dt.datetime(
                    rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28), tzinfo=dt.UTC
                ),
            )
            for i in range(start, end)
        )
        CaseConsent.objects.bulk_create(
            CaseConsent(case=c, purpose=ConsentPurpose.REPORTING, method=ConsentMethod.VERBAL)
            for c in made
            if rng.random() < 0.7
        )
        if categories:
            filed = []
            for c in made:
                for pk, version in rng.sample(categories[:30], rng.randint(1, 2)):
                    filed.append(CaseCategory(case=c, category_id=pk, category_version=version))
            CaseCategory.objects.bulk_create(filed)
        CaseParty.objects.bulk_create(
            CaseParty(case=c, role=PartyRole.EMPLOYER, employer_id=rng.choices(employers, weights)[0])
            for c in made
            if rng.random() < 0.2
        )
        CaseStep.objects.bulk_create(
            CaseStep(
                case=c,
                number=1,
                kind=StepKind.CLOSING,
                outcome=rng.choice(outcomes),
                back_wages=Decimal(rng.randint(100, 5000)) if rng.random() < 0.3 else None,
                back_wages_currency="USD",
            )
            for c in made
            if rng.random() < 0.4
        )
        CaseContact.objects.bulk_create(
            CaseContact(
                case=c,
                contacted_on=c.created_at.date() + dt.timedelta(days=rng.randint(0, 40)),
                method="whatsapp",
                direction=ContactDirection.OUTGOING,
            )
            for c in made
            if rng.random() < 0.5
        )
    return time.perf_counter() - began


def _timed(store: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            store[name] += time.perf_counter() - began

    return wrapper


def build_profiled() -> tuple[float, dict[str, float], dict[str, int]]:
    """Build the publication once from the database; return seconds, seconds per part, and sizes."""
    from jornada.evidence import disclosure, publication, sources

    parts: dict[str, float] = defaultdict(float)
    originals = {
        "sources": {n: getattr(sources, n) for n in dir(sources) if n.endswith(("_counts", "_answers"))},
        "cases": {n: getattr(sources, n) for n in ("case_stages", "case_outcomes", "case_first_contact")},
    }
    patched: list[tuple[Any, str, Any]] = []

    def patch(module: Any, name: str, label: str) -> None:
        original = getattr(module, name)
        patched.append((module, name, original))
        setattr(module, name, _timed(parts, label, original))

    for name in (*originals["sources"], *originals["cases"], "case_money_recovered"):
        patch(sources, name, f"read {name}")
    patch(publication, "suppress_tables", "disclosure: suppress_tables (all)")
    audits = {"runs": 0, "hidden": 0}
    original_bounds = disclosure.recoverable  # the audit (witnesses, LP, integer programs)

    def counting(result: Any, proved: Any = None) -> Any:
        audits["runs"] += 1
        audits["hidden"] += len(result.hidden())
        began = time.perf_counter()
        try:
            return original_bounds(result, proved)
        finally:
            parts["disclosure: HiGHS audit (recoverable)"] += time.perf_counter() - began
            print(
                f"audit run {audits['runs']}: {len(result.hidden())} hidden of {len(result.values)} cells, "
                f"{len(result.sums)} sums, {time.perf_counter() - began:.2f} s",
                file=sys.stderr,
                flush=True,
            )

    disclosure.recoverable = counting
    limit = int(os.environ.get("BENCH_BUILD_LIMIT", "600"))

    def stop(signum: int, frame: Any) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(limit)
    began = time.perf_counter()
    try:
        built = publication.publication_build()
        seconds = time.perf_counter() - began
    except TimeoutError:
        seconds = -float(limit)  # did not finish
        built = None
    finally:
        signal.alarm(0)
        disclosure.recoverable = original_bounds
        for module, name, original in reversed(patched):
            setattr(module, name, original)
    if built is None:
        return seconds, dict(parts), {"tables": 0, "cells": 0, **audits}
    cells = sum(len(t.cells) + len(t.row_totals) + len(t.column_totals) + 1 for t in built.tables.values())
    return seconds, dict(parts), {"tables": len(built.tables), "cells": cells, **audits}


def pages() -> dict[str, str]:
    from django.urls import reverse
    from django.utils import translation

    from jornada.evidence.publication import publication_current

    tables = publication_current().tables
    with translation.override("es"):
        found = {
            "home": reverse("evidence:index"),
            "reviews": reverse("evidence:source", args=["reviews"]),
            "cases": reverse("evidence:source", args=["cases"]),
            "methodology": reverse("evidence:methodology"),
        }
        for kind in (
            "reviews-category-state",
            "reviews-employers",
            "warnings-category-origin",
            "cases-outcome",
        ):
            if kind in tables:
                source, rest = kind.split("-", 1)
                found[kind] = reverse("evidence:figure", args=[source, rest])
        if "reviews-category-year" in tables:
            found["reviews-category-year.csv"] = reverse(
                "evidence:download", args=["reviews", "category-year", "csv"]
            )
    return found


def measure(counts: dict[str, int]) -> dict[str, Any]:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from jornada.evidence.publication import publication_store

    generated = populate(counts)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    builds = []
    for _ in range(int(os.environ.get("BENCH_BUILDS", "2"))):
        cache.clear()
        builds.append(build_profiled())
        if builds[-1][0] < 0:
            break  # one build that does not finish is enough to know
    if builds[-1][0] < 0:
        # The pages' latency depends on the tables' sizes, not on which cells are hidden: serve a
        # publication built with the greedy rules only (no audit), and say so.
        from jornada.evidence import disclosure

        original = disclosure.recoverable
        disclosure.recoverable = lambda result, proved=None: []
        try:
            publication_store()
        finally:
            disclosure.recoverable = original
    else:
        publication_store()
    client = Client()
    urls = pages()
    times: dict[str, list[float]] = {name: [] for name in urls}
    for url in urls.values():  # warm-up
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    for _ in range(REPEATS):
        for name, url in urls.items():
            began = time.perf_counter()
            client.get(url)
            times[name].append(time.perf_counter() - began)
    return {
        "database": connection.vendor,
        "counts": counts,
        "generated_s": round(generated, 1),
        "builds": [
            {"seconds": round(s, 2), "parts": {k: round(v, 2) for k, v in parts.items()}, "sizes": sizes_}
            for s, parts, sizes_ in builds
        ],
        "pages": {name: summary_ms(values) for name, values in times.items()},
        "p95": {name: percentile(values, 0.95) for name, values in times.items()},
    }


def _one(arguments: list[str]) -> None:
    quick = "--quick" in arguments
    configure(database_url=os.environ.get("DATABASE_URL"))
    print(json.dumps(measure(sizes(quick))), flush=True)


def _markdown(result: dict[str, Any]) -> str:
    database = result["database"]
    counts = result["counts"]
    data = f"{counts['reviews']:,} reviews, {counts['warnings']:,} warnings, {counts['cases']:,} cases"
    lines = [
        f"\n### {database} · {data} (generated in {result['generated_s']} s)\n",
        "| build | seconds | target | met | where the time went |",
        "|---|---|---|---|---|",
    ]
    target = TARGET_BUILD_S[database]
    for i, build in enumerate(result["builds"], start=1):
        parts = sorted(build["parts"].items(), key=lambda kv: -kv[1])
        where = "; ".join(f"{k} {v} s" for k, v in parts[:6])
        sizes_ = build["sizes"]
        where += (
            f" · {sizes_['tables']} tables, {sizes_['cells']} cells; audit ran {sizes_['runs']} times over "
            f"{sizes_['hidden']} hidden cells in all"
        )
        met = "yes" if 0 <= build["seconds"] <= target else "no"
        seconds = build["seconds"] if build["seconds"] >= 0 else f"did not finish in {-build['seconds']:g}"
        lines.append(f"| uncached #{i} | {seconds} | ≤ {target:g} s | {met} | {where} |")
    lines += ["", "| cached page | latency | met (p95 ≤ 50 ms) |", "|---|---|---|"]
    for name, text in result["pages"].items():
        met = "yes" if result["p95"][name] <= TARGET_PAGE_P95_S else "no"
        lines.append(f"| {name} | {text} | {met} |")
    return "\n".join(lines)


def run(arguments: list[str] | None = None) -> str:
    """Measure on SQLite and on a throwaway PostgreSQL cluster; return Markdown."""
    import subprocess

    arguments = list(arguments or [])
    out = [header("Evidence: publication build and cached dashboards")]
    for database in ("sqlite", "postgresql"):
        with tempfile.TemporaryDirectory(prefix="jornada-bench-evidence-") as folder:
            command = [sys.executable, "-m", "benchmarks.evidence", "--one", *arguments]
            env = dict(os.environ)
            if database == "postgresql":
                command = [str(ROOT / "scripts" / "with-postgres"), *command]
                env.pop("DATABASE_URL", None)
            else:
                env["DATABASE_URL"] = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
            done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                out.append(f"\n{database}: failed: {done.stderr[-800:]}")
                continue
            out.append(_markdown(json.loads(done.stdout.strip().splitlines()[-1])))
    return "\n".join(out)


if __name__ == "__main__":
    if "--one" in sys.argv:
        _one(sys.argv[1:])
    else:
        print(run(sys.argv[1:]))
