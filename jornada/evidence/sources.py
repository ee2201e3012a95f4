"""What each source contributes to the statistics: grouped counts read from the database.

Each reader returns a ``Counter`` keyed by ``Facts`` (one group of records with the same
category, year, place and programme) so that every published table is a sum of these groups.
Only what may be counted is read: published reviews and warnings (public by nature), requests
for help whose worker allowed counting (``consent_count``), cases with consent to reporting.
Times are read as years; nothing finer ever leaves this module.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Case as DbCase
from django.db.models import Count, Exists, F, IntegerField, Max, Min, OuterRef, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from jornada.alerts.models import ScamReport
from jornada.cases.models import (
    Case,
    CaseCategory,
    CaseParty,
    CaseStep,
    ConsentPurpose,
    PartyRole,
    StepKind,
)
from jornada.contributions.models import Status
from jornada.intake.models import Intake
from jornada.reviews.models import Review
from jornada.reviews.questions import QUESTION_BY_NAME, Answer
from jornada.vocabulary.mapping import (
    REVIEW_QUESTION_CATEGORIES,
    SCAM_REPORT_CATEGORIES,
    SCAM_REPORT_FIELD_CATEGORIES,
)
from jornada.vocabulary.models import Category

RECORDS = "*"  # the category of a group that counts records, not the problems they report
NONE = ""  # a dimension the record does not give


class Facts(NamedTuple):
    category: str
    year: int
    state: str  # ISO 3166-2 US state where the work was, or NONE
    programme: str  # h2a / h2b / unknown, or NONE
    origin: str  # ISO 3166 country or state the worker comes from, or NONE


def us_state(code: str | None) -> str:
    """Return the ISO 3166-2 code of a directory record's two-letter US state ("GA" -> "US-GA")."""
    code = (code or "").strip().upper()
    return f"US-{code}" if len(code) == 2 and code.isalpha() else NONE


def review_counts() -> Counter[Facts]:
    """Published reviews: one group per problem they report, and one for the reviews themselves."""
    counts: Counter[Facts] = Counter()
    fields = {"y": F("season_year"), "s": F("employer__state"), "p": F("programme")}
    for row, by_category in _review_pass(fields):
        base = Facts(RECORDS, int(row["y"]), us_state(row["s"]), row["p"] or NONE, NONE)
        for code, n in by_category.items():
            counts[base._replace(category=code)] += n
    return counts


def _review_pass(fields: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, int]]]:
    """Published reviews grouped by ``fields`` in one scan: each group's records and mentions of each category."""
    return _grouped_pass(Review.objects.filter(status=Status.PUBLISHED), fields, _review_conditions())


def _grouped_pass(
    records: QuerySet[Any], fields: dict[str, Any], conditions: dict[str, Q]
) -> Iterator[tuple[dict[str, Any], dict[str, int]]]:
    """``records`` grouped by ``fields`` in one scan: each group's count and how many meet each condition.

    One conditional count per category in a single GROUP BY, instead of one scan per category;
    an empty condition (every record) is the group's count itself.
    """
    aliases = {f"c{i}": code for i, code in enumerate(conditions) if conditions[code]}
    every = [code for code, condition in conditions.items() if not condition]
    counted = {alias: Count("pk", filter=conditions[code]) for alias, code in aliases.items()}
    rows = records.values(**fields).annotate(n=Count("*"), **counted).order_by()
    for row in rows:
        by_category = (
            {RECORDS: row["n"]}
            | dict.fromkeys(every, row["n"])
            | {code: row[alias] for alias, code in aliases.items() if row[alias]}
        )
        yield row, by_category


def _review_conditions() -> dict[str, Q]:
    """Each category a review reports: the answers of concern that map to it."""
    by_category: dict[str, Q] = {}
    for name, codes in REVIEW_QUESTION_CATEGORIES.items():
        concern = Q(**{name: QUESTION_BY_NAME[name].concern})
        for code in codes:
            by_category[code] = by_category[code] | concern if code in by_category else concern
    return by_category


def review_answers() -> Counter[tuple[str, str]]:
    """Published reviews' answers to each yes/no question: (question, answer) -> count, in one scan."""
    pairs = [(name, answer) for name in REVIEW_QUESTION_CATEGORIES for answer in Answer.values]
    counted = {f"a{i}": Count("pk", filter=Q(**{name: answer})) for i, (name, answer) in enumerate(pairs)}
    found = Review.objects.filter(status=Status.PUBLISHED).aggregate(**counted)
    return Counter({pair: found[f"a{i}"] for i, pair in enumerate(pairs) if found[f"a{i}"]})


def warning_counts() -> Counter[Facts]:
    """Published scam warnings: one group per problem they evidence, and one for the warnings."""
    counts: Counter[Facts] = Counter()
    published = ScamReport.objects.filter(status=Status.PUBLISHED)
    fields = {"m": F("received_month"), "p": F("programme"), "c": F("country")}
    for row, by_category in _grouped_pass(published, fields, _warning_conditions()):
        origin = row["c"] if row["c"] not in ("", "other", "US") else NONE
        base = Facts(RECORDS, row["m"].year, NONE, row["p"] or NONE, origin)
        for code, n in by_category.items():
            counts[base._replace(category=code)] += n
    return counts


def _warning_conditions() -> dict[str, Q]:
    """Each category a warning evidences: every warning for the scam categories, else its filled fields."""
    by_category: dict[str, Q] = {code: Q() for code in SCAM_REPORT_CATEGORIES}
    for name, codes in SCAM_REPORT_FIELD_CATEGORIES.items():
        filled = ~Q(**{name: ""}) if name != "asked_amount" else Q(asked_amount__isnull=False)
        if name == "paid":
            filled &= ~Q(paid="no")
        for code in codes:
            if code in SCAM_REPORT_CATEGORIES:
                continue
            by_category[code] = by_category[code] | filled if code in by_category else filled
    return by_category


def intake_counts() -> Counter[Facts]:
    """Requests for help whose worker allowed counting, by the categories the worker or staff chose."""
    counts: Counter[Facts] = Counter()
    rows = Intake.objects.filter(consent_count=True).values_list(
        "categories", "received_at", "place", "employer__state"
    )
    for categories, received_at, place, employer_state in rows.iterator(chunk_size=5000):
        place = place or ""
        state = place if place.startswith("US-") else us_state(employer_state)
        origin = place if place and not place.startswith("US") else NONE
        base = Facts(RECORDS, received_at.year, state, NONE, origin)
        counts[base] += 1
        for code in set(categories or ()):
            counts[base._replace(category=str(code))] += 1
    return counts


def counted_cases() -> QuerySet[Case]:
    """Cases that may be counted: consent to reporting given and not withdrawn, each incident once.

    A case a partner opened from a referral is the same incident as the sender's case: while the
    sender's case counts, the receiver's does not (it counts alone only when the sender's has no
    consent to reporting).
    """
    from jornada.referrals.models import Referral

    cases = Case.objects.with_consent(ConsentPurpose.REPORTING)
    sender_counts = Referral.objects.filter(
        receiver_case=OuterRef("pk"), case__in=Case.objects.with_consent(ConsentPurpose.REPORTING)
    )
    return cases.exclude(Exists(sender_counts))


def local_quarters(field: str, queryset: QuerySet[Any]) -> DbCase | None:
    """The local quarter of ``field`` (a timestamp) as ``year * 4 + quarter - 1``, by comparisons alone.

    Extracting a year or quarter converts every row to the local time zone, which SQLite does in a
    Python function per row. The first instant of each local quarter between the queryset's
    earliest and latest value is computed here once instead, so the database only compares, and
    every row lands in the quarter the extraction would give. None when the queryset is empty.
    """
    span = queryset.aggregate(first=Min(field), last=Max(field))
    if span["first"] is None:
        return None
    zone = timezone.get_current_timezone()
    first = timezone.localtime(span["first"], zone)
    # Up to now at least: a case opened while the build reads lands in its own quarter too.
    last = timezone.localtime(max(span["last"], timezone.now()), zone)
    start, end = (moment.year * 4 + (moment.month - 1) // 3 for moment in (first, last))
    before_next = [
        When(
            **{f"{field}__lt": dt.datetime((n + 1) // 4, (n + 1) % 4 * 3 + 1, 1, tzinfo=zone)}, then=Value(n)
        )
        for n in range(start, end)
    ]
    return DbCase(*before_next, default=Value(end), output_field=IntegerField())


class CountedCase(NamedTuple):
    quarter: int  # year * 4 + quarter - 1, in the local time zone
    employer: int | None  # the first directory employer named on the case
    state: str  # that employer's US state, or NONE


def counted_case_facts() -> dict[int, CountedCase]:
    """Every counted case once: its quarter, and the first employer named on it with its state.

    Two scans (the cases, the employer parties) instead of a subquery per case for each fact.
    """
    cases = counted_cases()
    quarters = local_quarters("created_at", cases)
    if quarters is None:
        return {}
    found = {
        pk: CountedCase(period, None, NONE)
        for pk, period in cases.annotate(q=quarters).values_list("pk", "q").iterator(chunk_size=5000)
    }
    parties = (
        CaseParty.objects.filter(role=PartyRole.EMPLOYER, employer__isnull=False)
        .order_by("case", "added_at", "id")
        .values_list("case", "employer", "employer__state")
    )
    for case, employer, state in parties.iterator(chunk_size=5000):
        known = found.get(case)
        if known is not None and known.employer is None:
            found[case] = known._replace(employer=employer, state=us_state(state))
    return found


def _counted_case_categories(facts: dict[int, CountedCase]) -> Iterator[tuple[CountedCase, str]]:
    """Each (counted case, category code) filed on it (a case files a category once: a constraint).

    Ids first and codes from the small vocabulary after: joining every filing to its category
    cost five times more than the scan itself.
    """
    filed = list(CaseCategory.objects.values_list("case", "category").order_by().iterator(chunk_size=5000))
    codes = dict(
        Category.objects.filter(pk__in={category for _, category in filed}).values_list("pk", "code")
    )
    for case, category in filed:
        known = facts.get(case)
        if known is not None:
            yield known, codes[category]


def case_counts() -> Counter[Facts]:
    """Counted cases, one group per category filed on them, and one for the cases themselves."""
    facts = counted_case_facts()
    counts: Counter[Facts] = Counter()
    for case in facts.values():
        counts[Facts(RECORDS, case.quarter // 4, case.state, NONE, NONE)] += 1
    for case, code in _counted_case_categories(facts):
        counts[Facts(code, case.quarter // 4, case.state, NONE, NONE)] += 1
    return counts


def _closings() -> QuerySet[CaseStep]:
    in_effect = Q(approval_required=False) | Q(approved_at__isnull=False)
    return CaseStep.objects.filter(in_effect, kind=StepKind.CLOSING, case__in=counted_cases().values("pk"))


def case_outcomes() -> Counter[str]:
    """Counted cases by the outcome of their last closing in effect (open cases have none)."""
    last: dict[int, str] = {}
    for case, outcome in _closings().order_by("case", "number").values_list("case", "outcome"):
        last[case] = outcome
    return Counter(outcome or NONE for outcome in last.values())


def case_stages() -> Counter[str]:
    """Counted cases by the stage they stand at now."""
    rows = counted_cases().values("stage_now").annotate(n=Count("pk")).order_by()
    return Counter({row["stage_now"]: row["n"] for row in rows})


# Days from opening to the first contact with the worker, in the buckets the tables publish.
FIRST_CONTACT_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("0-2", 2),
    ("3-7", 7),
    ("8-30", 30),
    ("31+", None),
)
NO_CONTACT = "none"


def first_contact_bucket(opened_on: dt.date, contacted_on: dt.date | None) -> str:
    """Return the bucket of days from opening to the first contact (``NO_CONTACT`` without one)."""
    if contacted_on is None:
        return NO_CONTACT
    days = max(0, (contacted_on - opened_on).days)
    return next(name for name, limit in FIRST_CONTACT_BUCKETS if limit is None or days <= limit)


def case_first_contact() -> Counter[str]:
    """Counted cases by days from opening to the first recorded contact, bucketed."""
    counts: Counter[str] = Counter()
    rows = counted_cases().annotate(first=Min("contacts__contacted_on")).values_list("created_at", "first")
    for created_at, contacted_on in rows.order_by().iterator(chunk_size=5000):
        counts[first_contact_bucket(created_at.date(), contacted_on)] += 1
    return counts


class Recovered(NamedTuple):
    currency: str
    kind: str  # "back_wages" or "fees"
    cases: int
    amount: Decimal


def case_money_recovered() -> list[Recovered]:
    """Money recovered in counted cases' closings, per currency and kind, with how many cases stand behind it."""
    found: list[Recovered] = []
    for kind in ("back_wages", "fees"):
        rows = (
            _closings()
            .filter(**{f"{kind}__gt": 0})
            .values(currency=F(f"{kind}_currency"))
            .annotate(cases=Count("case", distinct=True), amount=Sum(kind))
            .order_by("currency")
        )
        found.extend(Recovered(row["currency"] or NONE, kind, row["cases"], row["amount"]) for row in rows)
    return found


def employer_counts(source: str) -> Counter[int]:
    """Records per directory employer for one source (employer id -> count).

    ``COUNT(*)``, not ``COUNT(id)``: the (employer, status) index then answers alone, without
    reading each row for its id (ten times faster on SQLite).
    """
    if source == "reviews":
        rows = Review.objects.filter(status=Status.PUBLISHED, employer__isnull=False).values_list("employer")
    elif source == "intakes":
        rows = Intake.objects.filter(consent_count=True, employer__isnull=False).values_list("employer")
    elif source == "cases":
        rows = CaseParty.objects.filter(
            role=PartyRole.EMPLOYER, employer__isnull=False, case__in=counted_cases().values("pk")
        ).values_list("employer")
        rows = rows.values("employer").annotate(n=Count("case", distinct=True)).values_list("employer", "n")
        return Counter(dict(rows.order_by()))
    else:
        return Counter()
    return Counter(dict(rows.annotate(n=Count("*")).values_list("employer", "n").order_by()))


def recruiter_counts(source: str) -> Counter[int]:
    """Records per directory recruiter for one source (recruiter id -> count)."""
    rows: QuerySet[Any]
    if source == "reviews":
        rows = Review.objects.filter(status=Status.PUBLISHED, recruiter__isnull=False)
    elif source == "intakes":
        rows = Intake.objects.filter(consent_count=True, recruiter__isnull=False)
    else:
        return Counter()
    return Counter(
        dict(rows.values("recruiter").annotate(n=Count("*")).values_list("recruiter", "n").order_by())
    )


# --- Industry, crop and season: cuts that link to the other tables through the category totals --


def naics_sector(code: str | None) -> str:
    """Return the NAICS sector (two digits, or the ranges 31-33, 44-45, 48-49) of a NAICS code."""
    digits = (code or "").strip()[:2]
    for joined in ("31-33", "44-45", "48-49"):
        first, last = joined.split("-")
        if digits.isdigit() and first <= digits <= last:
            return joined
    return digits if digits in NAICS_SECTORS else NONE


NAICS_SECTORS = frozenset(
    {"11", "21", "22", "23", "31-33", "42", "44-45", "48-49", "51", "52", "53", "54", "55", "56"}
    | {"61", "62", "71", "72", "81", "92"}
)


def crop_code(text: str | None) -> str:
    """Return a crop as the DOL files give it, folded (case and spaces) so one crop is one code."""
    return " ".join((text or "").split()).lower()[:60]


def employer_industries(ids: set[int]) -> dict[int, tuple[str, str]]:
    """Each directory employer's (NAICS sector, H-2A crop) from its latest certification that gives them."""
    from jornada.directory.models import CaseEmployer

    found: dict[int, tuple[str, str]] = {}
    rows = (
        CaseEmployer.objects.filter(employer__in=ids)
        .order_by("employer", "-case__fiscal_year", "-case__id")
        .values_list("employer", "case__naics_code", "case__crop", "case__programme")
    )
    for employer, naics, crop, programme in rows.iterator(chunk_size=5000):
        sector, known_crop = found.get(employer, (NONE, NONE))
        if sector == NONE:
            sector = naics_sector(naics)
        if known_crop == NONE and programme == "h2a":
            known_crop = crop_code(crop)
        found[employer] = (sector, known_crop)
    return found


def quarter(year: int, month: int) -> str:
    """A year's quarter as a season code ("2025-q3"): never finer than three months."""
    return f"{year}-q{(month - 1) // 3 + 1}"


class Cuts:
    """Mentions (category, column) by industry, crop and season, filled from per-employer groups."""

    def __init__(self) -> None:
        self.by_employer: Counter[tuple[str, int | None]] = Counter()
        self.season: Counter[tuple[str, str]] = Counter()

    def counters(self) -> dict[str, Counter[tuple[str, str]]]:
        ids = {e for _, e in self.by_employer if e is not None}
        industries = employer_industries(ids) if ids else {}
        sector: Counter[tuple[str, str]] = Counter()
        crop: Counter[tuple[str, str]] = Counter()
        for (category, employer), n in self.by_employer.items():
            found = industries.get(employer, (NONE, NONE)) if employer is not None else (NONE, NONE)
            sector[(category, found[0])] += n
            crop[(category, found[1])] += n
        return {"sector": sector, "crop": crop, "season": self.season}


def cut_counts(source: str) -> dict[str, Counter[tuple[str, str]]]:
    """Problems reported by the employer's industry and crop, and by season, for one source.

    Every record counted in ``*_counts`` is counted here under the same categories (NONE when
    the record names no employer, the employer no industry, or the record no season), so each
    cut's category totals are the other tables' and the cuts are protected together with them.
    """
    cuts = Cuts()
    if source == "reviews":
        for row, by_category in _review_pass({"e": F("employer")}):
            for code, n in by_category.items():
                if code != RECORDS:
                    cuts.by_employer[(code, row["e"])] += n
        for row, by_category in _review_pass({"y": F("season_year"), "w": F("work_season")}):
            season = f"{row['y']}-{row['w']}" if row["w"] else NONE
            for code, n in by_category.items():
                if code != RECORDS:
                    cuts.season[(code, season)] += n
    elif source == "warnings":
        published = ScamReport.objects.filter(status=Status.PUBLISHED)
        for row, by_category in _grouped_pass(published, {"m": F("received_month")}, _warning_conditions()):
            for code, n in by_category.items():
                if code != RECORDS:
                    cuts.season[(code, quarter(row["m"].year, row["m"].month))] += n
    elif source == "intakes":
        rows = Intake.objects.filter(consent_count=True).values_list("categories", "received_at", "employer")
        for categories, received_at, employer in rows.iterator(chunk_size=5000):
            for code in set(categories or ()):
                cuts.by_employer[(str(code), employer)] += 1
                cuts.season[(str(code), quarter(received_at.year, received_at.month))] += 1
    elif source == "cases":
        facts = counted_case_facts()
        for case, code in _counted_case_categories(facts):
            cuts.by_employer[(code, case.employer)] += 1
            cuts.season[(code, quarter(case.quarter // 4, case.quarter % 4 * 3 + 1))] += 1
    return cuts.counters()
