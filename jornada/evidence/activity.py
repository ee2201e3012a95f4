"""Reports for one organisation: what it did over a date range, for itself and for its funders.

The organisation's own staff see every figure exactly (the records are theirs and the report
stays inside the organisation). The version meant for funders leaves the organisation, so it is
published like the public evidence: only records whose worker allowed reporting count, every
table goes through ``disclosure.suppress_tables`` with its total (counts from 1 to 10 shown as
"fewer than 11", complementary suppression so that none can be worked out from the totals or
from another table over the same records), and an amount of money appears only when at least
``THRESHOLD`` cases stand behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from jornada.alerts.models import Country
from jornada.cases.models import (
    Case,
    CaseCategory,
    CaseContact,
    CaseStage,
    CaseStep,
    ConsentPurpose,
    ContactMethod,
    Outcome,
    StepKind,
)
from jornada.core.models import Organisation
from jornada.evidence.disclosure import ALL, THRESHOLD, Key, Mark, Suppression, Table, suppress_tables
from jornada.evidence.present import FIRST_CONTACT_LABELS, NOT_GIVEN
from jornada.evidence.sources import first_contact_bucket
from jornada.hotline.models import Call
from jornada.hotline.models import Outcome as CallOutcome
from jornada.intake.models import IntakeRecipient, RecipientDecision
from jornada.outreach.models import EventKind, Occurrence, PromoterSession
from jornada.vocabulary.models import Category
from jornada.vocabulary.places import PLACE_BY_CODE

MAX_DAYS = 366 * 5  # five years: a longer report is an archive, not a funder's period
NONE = ""

TITLES = {
    "contacts": _("Contacts with workers, by channel"),
    "intakes-place": _("Requests for help received, by country or state"),
    "intakes-decision": _("Requests for help received, by what became of them"),
    "intakes-category": _("Problems in the requests for help"),
    "cases-opened": _("Cases opened, by stage now"),
    "cases-category": _("Problems in the cases opened"),
    "cases-closed": _("Cases closed, by outcome"),
    "cases-first-contact": _("Cases opened, by days to the first contact"),
    "events": _("Events held, by type"),
    "reached": _("Workers reached at promoters' sessions, by topic"),
    "calls": _("Hotline calls, by outcome"),
}
HEADINGS = {
    "contacts": _("Channel"),
    "intakes-place": _("Country or state"),
    "intakes-decision": _("Decision"),
    "intakes-category": _("Problem"),
    "cases-opened": _("Stage"),
    "cases-category": _("Problem"),
    "cases-closed": _("Outcome"),
    "cases-first-contact": _("Days to first contact"),
    "events": _("Type of event"),
    "reached": _("Topic"),
    "calls": _("Outcome"),
}
# Tables that count the same records two ways: their totals are one figure (hide one, hide both).
SAME_RECORDS = (("intakes-place", "intakes-decision"),)


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    value: int | Mark


@dataclass(frozen=True)
class ActivityTable:
    key: str
    title: str
    heading: str
    lines: list[Line]
    total: int | Mark


@dataclass(frozen=True)
class Money:
    currency: str
    kind: str  # "back_wages" or "fees"
    cases: int | Mark
    amount: Decimal | None  # None when fewer than THRESHOLD cases stand behind it (funders only)


@dataclass(frozen=True)
class ActivityReport:
    organisation: Organisation
    start: dt.date
    end: dt.date
    for_funders: bool
    tables: list[ActivityTable]
    money: list[Money]


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    today = today or dt.date.today()
    return today.replace(year=today.year - 1) + dt.timedelta(days=1), today


def _day_range(field: str, start: dt.date, end: dt.date) -> Q:
    return Q(**{f"{field}__date__gte": start, f"{field}__date__lte": end})


def _cases(organisation: Organisation, for_funders: bool) -> QuerySet[Case]:
    cases = Case.objects.filter(organisation=organisation)
    return cases.with_consent(ConsentPurpose.REPORTING) if for_funders else cases


def _closings(cases: QuerySet[Case], start: dt.date, end: dt.date) -> QuerySet[CaseStep]:
    in_effect = Q(approval_required=False) | Q(approved_at__isnull=False)
    return CaseStep.objects.filter(
        in_effect, _day_range("recorded_at", start, end), kind=StepKind.CLOSING, case__in=cases.values("pk")
    )


def _counted(rows: QuerySet, field: str, count: str = "pk") -> Counter[str]:
    found: Counter[str] = Counter()
    for row in rows.values(field).annotate(n=Count(count, distinct=True)).order_by():
        found[str(row[field] or NONE)] += row["n"]
    return found


def activity_counts(
    *, organisation: Organisation, start: dt.date, end: dt.date, for_funders: bool
) -> dict[str, Counter[str]]:
    """Return each table's exact counts (code -> count) for the organisation over ``start``..``end``."""
    cases = _cases(organisation, for_funders)
    received = IntakeRecipient.objects.filter(
        organisation=organisation, intake__received_at__date__gte=start, intake__received_at__date__lte=end
    )
    if for_funders:
        received = received.filter(intake__consent_count=True)
    intake_categories: Counter[str] = Counter()
    for categories in received.values_list("intake__categories", flat=True):
        intake_categories.update(str(code) for code in set(categories or ()))
    opened = cases.filter(_day_range("created_at", start, end))
    # The last closing in the range decides a case's outcome there (a reopened and reclosed case
    # counts once).
    closed: dict[int, str] = {}
    for case_id, outcome in (
        _closings(cases, start, end).order_by("case_id", "number").values_list("case_id", "outcome")
    ):
        closed[case_id] = outcome or NONE
    first_contact: Counter[str] = Counter()
    first = (
        CaseContact.objects.filter(case=OuterRef("pk")).order_by("contacted_on").values("contacted_on")[:1]
    )
    for created_at, contacted_on in opened.annotate(first=Subquery(first)).values_list("created_at", "first"):
        first_contact[first_contact_bucket(created_at.date(), contacted_on)] += 1
    reached: Counter[str] = Counter()
    sessions = PromoterSession.objects.filter(organisation=organisation, held_on__gte=start, held_on__lte=end)
    for row in sessions.values(code=F("topic__code")).annotate(n=Sum("attendees")).order_by():
        reached[row["code"] or NONE] += row["n"] or 0
    return {
        "contacts": _counted(
            CaseContact.objects.filter(
                case__in=cases.values("pk"), contacted_on__gte=start, contacted_on__lte=end
            ),
            "method",
        ),
        "intakes-place": _counted(received, "intake__place"),
        "intakes-decision": _counted(received, "decision"),
        "intakes-category": intake_categories,
        "cases-opened": _counted(opened, "stage_now"),
        "cases-category": _counted(
            CaseCategory.objects.filter(case__in=opened.values("pk")), "category__code", "case"
        ),
        "cases-closed": Counter(closed.values()),
        "cases-first-contact": first_contact,
        "events": _counted(
            Occurrence.objects.filter(event__organisation=organisation).filter(
                _day_range("starts_at", start, end)
            ),
            "event__kind",
        ),
        "reached": reached,
        "calls": _counted(
            Call.objects.filter(organisation=organisation).filter(_day_range("started_at", start, end)),
            "outcome",
        ),
    }


def money_recovered(
    *, organisation: Organisation, start: dt.date, end: dt.date, for_funders: bool
) -> list[tuple[str, str, int, Decimal]]:
    """Money recovered in the closings of the range: (currency, kind, cases, amount)."""
    closings = _closings(_cases(organisation, for_funders), start, end)
    found: list[tuple[str, str, int, Decimal]] = []
    for kind in ("back_wages", "fees"):
        rows = (
            closings.filter(**{f"{kind}__gt": 0})
            .values(currency=F(f"{kind}_currency"))
            .annotate(cases=Count("case", distinct=True), amount=Sum(kind))
            .order_by("currency")
        )
        found.extend((row["currency"] or NONE, kind, row["cases"], row["amount"]) for row in rows)
    return found


class _Labels:
    def __init__(self, counts: dict[str, Counter[str]]) -> None:
        self.language = (get_language() or "es")[:2]
        codes = set(counts["intakes-category"]) | set(counts["cases-category"]) | set(counts["reached"])
        self.categories = {c.code: c.label(self.language) for c in Category.objects.filter(code__in=codes)}

    def place(self, code: str) -> str:
        found = PLACE_BY_CODE.get(code)
        if found is not None:
            return found.name(self.language)
        return str(Country(code).label) if code in Country.values else code

    def label(self, key: str, code: str) -> str:
        if code == NONE:
            return str(NOT_GIVEN)
        choices: dict[str, Callable[[str], str]] = {
            "contacts": lambda c: str(ContactMethod(c).label) if c in ContactMethod.values else c,
            "intakes-place": self.place,
            "intakes-decision": lambda c: (
                str(RecipientDecision(c).label) if c in RecipientDecision.values else c
            ),
            "cases-opened": lambda c: str(CaseStage(c).label) if c in CaseStage.values else c,
            "cases-closed": lambda c: str(Outcome(c).label) if c in Outcome.values else c,
            "cases-first-contact": lambda c: str(FIRST_CONTACT_LABELS.get(c, c)),
            "events": lambda c: str(EventKind(c).label) if c in EventKind.values else c,
            "calls": lambda c: str(CallOutcome(c).label) if c in CallOutcome.values else c,
        }
        if key in choices:
            return choices[key](code)
        return self.categories.get(code, code)


def _ordered(counts: Counter[str]) -> tuple[str, ...]:
    """Largest first, then by code, so a table reads from the most frequent; "not given" last."""
    rows = sorted((c for c in counts if c != NONE), key=lambda c: (-counts[c], c))
    return (*rows, NONE) if NONE in counts else tuple(rows)


def _disclosure_tables(counts: dict[str, Counter[str]]) -> tuple[list[Table], list[tuple[Key, Key]]]:
    tables = [
        Table(
            key,
            f"activity:{key}",
            key,
            "none",
            _ordered(found),
            (ALL,),
            {(r, ALL): n for r, n in found.items()},
        )
        for key, found in counts.items()
    ]
    by_key = {t.name: t for t in tables}
    same = [(by_key[a].grand_total_key(), by_key[b].grand_total_key()) for a, b in SAME_RECORDS]
    return tables, same


def activity_report(
    *, organisation: Organisation, start: dt.date, end: dt.date, for_funders: bool = False
) -> ActivityReport:
    """Build the organisation's activity report; ``for_funders`` suppresses it for outside readers."""
    counts = activity_counts(organisation=organisation, start=start, end=end, for_funders=for_funders)
    labels = _Labels(counts)
    tables, same = _disclosure_tables(counts)
    result: Suppression | None = suppress_tables(tables, same=same) if for_funders else None

    def value(key: Key, exact: int) -> int | Mark:
        if result is None:
            return exact
        mark = result.marks[key]
        return result.values[key] if mark is Mark.SHOWN else mark

    laid = []
    for table in tables:
        found = counts[table.name]
        laid.append(
            ActivityTable(
                key=table.name,
                title=str(TITLES[table.name]),
                heading=str(HEADINGS[table.name]),
                lines=[
                    Line(code, labels.label(table.name, code), value(table.row_total_key(code), found[code]))
                    for code in table.rows
                ],
                total=value(table.grand_total_key(), sum(found.values())),
            )
        )
    money = [
        Money(currency, kind, cases, amount)
        if not for_funders or cases >= THRESHOLD
        else Money(currency, kind, Mark.PRIMARY, None)
        for currency, kind, cases, amount in money_recovered(
            organisation=organisation, start=start, end=end, for_funders=for_funders
        )
    ]
    return ActivityReport(organisation, start, end, for_funders, laid, money)


def visible_values(report: ActivityReport) -> list[int]:
    """Every count the report shows (for the test that no 1-10 leaves the organisation)."""
    found = [line.value for table in report.tables for line in table.lines]
    found += [table.total for table in report.tables] + [m.cases for m in report.money]
    return [v for v in found if isinstance(v, int)]


MONEY_KINDS = {"back_wages": _("Back wages"), "fees": _("Recruitment fees returned")}


def money_kind(kind: str) -> str:
    return str(MONEY_KINDS.get(kind, kind))


def period_text(report: ActivityReport) -> str:
    return gettext("%(start)s to %(end)s") % {
        "start": report.start.isoformat(),
        "end": report.end.isoformat(),
    }
