"""After the event: what staff record (attendance, referrals, intakes and cases it led to) and the
summaries for funders and next year's planning.

Counts only. An intake or a case is linked to an event by the event's short code, which a worker
may give when asking for help; the link names the event and the organisation, nothing about the
worker. A summary shown inside the organisation gives exact counts; the one exported (CSV, to
leave the organisation) shows 1 to 10 as "fewer than 11", with complementary suppression so no
hidden figure can be recovered from the total (``jornada.evidence.disclosure``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from jornada.cases.models import Case
from jornada.core.audit import audit_record
from jornada.core.models import Organisation
from jornada.evidence.disclosure import ALL, Table, is_primary, suppress_tables
from jornada.intake.models import IntakeRecipient
from jornada.outreach.models import Campaign, Event, EventLink, PromoterSession

# --- Writes ----------------------------------------------------------------------------------------


@transaction.atomic
def event_outcome_record(
    *, actor: Any, event: Event, attendance: int | None, referrals_made: int | None
) -> Event:
    """Record how many people came to ``event`` and how many referrals were made there."""
    for name, value in (("attendance", attendance), ("referrals_made", referrals_made)):
        if value is not None and value < 0:
            raise ValidationError({name: ValidationError(_("A count cannot be negative."), code="negative")})
    event.attendance = attendance
    event.referrals_made = referrals_made
    event.save(update_fields=["attendance", "referrals_made"])
    audit_record(
        actor=actor, action="outreach.outcome_recorded", organisation=event.organisation, target=event
    )
    return event


def _event_by_code(code: str) -> Event:
    event = Event.objects.filter(code=code.strip().upper()).first()
    if event is None:
        raise ValidationError(
            {
                "code": ValidationError(
                    _("No event has the code %(code)s."), code="unknown_code", params={"code": code}
                )
            }
        )
    return event


@transaction.atomic
def event_link_case(*, actor: Any, organisation: Organisation, code: str, case_number: str) -> EventLink:
    """Say that ``organisation``'s case ``case_number`` came from the event with ``code``."""
    event = _event_by_code(code)
    case = Case.objects.filter(organisation=organisation, number=case_number.strip()).first()
    if case is None:
        raise ValidationError(
            {
                "case_number": ValidationError(
                    _("Your organisation has no case %(number)s."),
                    code="unknown_case",
                    params={"number": case_number},
                )
            }
        )
    try:
        with transaction.atomic():
            link = EventLink.objects.create(event=event, organisation=organisation, case=case)
    except IntegrityError:
        raise ValidationError(
            {"case_number": ValidationError(_("This case is already linked to an event."), code="linked")}
        ) from None
    audit_record(actor=actor, action="outreach.case_linked", organisation=organisation, target=case)
    return link


@transaction.atomic
def event_link_intake(*, actor: Any, organisation: Organisation, code: str, intake_id: int) -> EventLink:
    """Say that request for help ``intake_id``, received by ``organisation``, came from the event with ``code``."""
    event = _event_by_code(code)
    recipient = IntakeRecipient.objects.filter(organisation=organisation, intake_id=intake_id).first()
    if recipient is None:
        raise ValidationError(
            {
                "intake": ValidationError(
                    _("Your organisation received no request %(number)s."),
                    code="unknown_intake",
                    params={"number": intake_id},
                )
            }
        )
    try:
        with transaction.atomic():
            link = EventLink.objects.create(event=event, organisation=organisation, intake_id=intake_id)
    except IntegrityError:
        raise ValidationError(
            {"intake": ValidationError(_("This request is already linked to an event."), code="linked")}
        ) from None
    audit_record(
        actor=actor, action="outreach.intake_linked", organisation=organisation, target=recipient.intake
    )
    return link


# --- Summaries -------------------------------------------------------------------------------------

MEASURES = ("events", "towns", "people", "intakes")
# Measures that add up over the rows (towns do not: one town may be reached by two campaigns).
ADDITIVE = ("events", "people", "intakes")


@dataclass(frozen=True)
class SummaryRow:
    label: str
    events: int
    towns: int
    people: int
    intakes: int

    def value(self, measure: str) -> int:
        return int(getattr(self, measure))


@dataclass(frozen=True)
class Summary:
    title: str
    rows: list[SummaryRow]
    total: SummaryRow
    # True when the figures cross organisations: shown as exported, 1 to 10 as "fewer than 11".
    disclosed: bool = False

    def table(self) -> list[list[str]]:
        """Return the header and the rows (total last) as text, exact or with disclosure control."""
        if self.disclosed:
            return summary_disclosed(self)
        return [_header()] + [
            [row.label, *(str(row.value(measure)) for measure in MEASURES)]
            for row in [*self.rows, self.total]
        ]

    def chart(self, *, width: int = 360, bar: int = 18) -> dict[str, Any]:
        """Return the bars of the people-reached chart (SVG coordinates), one per row.

        A figure the table does not show (fewer than 11, hidden) gets no bar, only its words.
        """
        shown = [line[3] for line in self.table()[1:-1]]
        values = [int(text) if text.isdigit() else None for text in shown]
        top = max([value for value in values if value is not None] + [1])
        label_width = 150
        bars = [
            {
                "label": row.label,
                "text": text,
                "y": index * (bar + 6),
                "width": round((width - label_width - 60) * (value or 0) / top),
                "text_y": index * (bar + 6) + bar - 5,
            }
            for index, (row, text, value) in enumerate(zip(self.rows, shown, values, strict=True))
        ]
        return {
            "bars": bars,
            "height": max(len(bars), 1) * (bar + 6),
            "width": width,
            "bar": bar,
            "x": label_width,
        }


def _row(label: str, events: QuerySet[Event], sessions: QuerySet[PromoterSession], now: Any) -> SummaryRow:
    held = events.filter(occurrences__ends_at__lt=now).exclude(status="cancelled").distinct()
    towns = set(held.exclude(place=None).values_list("place__state", "place__town"))
    towns |= set(sessions.values_list("state", "town"))
    people = sum(value or 0 for value in held.values_list("attendance", flat=True))
    people += sum(sessions.values_list("attendees", flat=True))
    intakes = EventLink.objects.filter(event__in=held.values("pk")).count()
    return SummaryRow(
        label=label,
        events=held.count() + sessions.count(),
        towns=len({(state, town.strip().casefold()) for state, town in towns}),
        people=people,
        intakes=intakes,
    )


def summary_for_organisation(*, organisation: Organisation, language: str) -> Summary:
    """One row per campaign (and one for events outside any) of ``organisation``'s events; its
    promoters' sessions are a row of their own."""
    now = timezone.now()
    events = Event.objects.filter(organisation=organisation)
    sessions = PromoterSession.objects.filter(organisation=organisation)
    rows = []
    campaign_ids = events.exclude(campaign=None).values("campaign_id")
    for campaign in Campaign.objects.filter(pk__in=campaign_ids).order_by("-starts_on", "slug"):
        rows.append(_row(campaign.name(language), events.filter(campaign=campaign), sessions.none(), now))
    rows.append(
        _row(gettext("Events outside a campaign"), events.filter(campaign=None), sessions.none(), now)
    )
    rows.append(_row(gettext("Promoters' sessions"), events.none(), sessions, now))
    total = _row(gettext("Total"), events, sessions, now)
    return Summary(title=organisation.name, rows=rows, total=total)


def summary_for_campaign(*, campaign: Campaign, organisation_ids: Iterable[int], language: str) -> Summary:
    """One row per organisation of ``organisation_ids`` that held events of ``campaign``, one row
    for every other participating organisation together (their figures are theirs to publish),
    and the campaign's total. Shown with disclosure control: it crosses organisations."""
    now = timezone.now()
    own = list(organisation_ids)
    events = Event.objects.filter(campaign=campaign)
    none = PromoterSession.objects.none()
    held_by = events.values("organisation_id")
    rows = [
        _row(organisation.name, events.filter(organisation=organisation), none, now)
        for organisation in Organisation.objects.filter(pk__in=held_by, id__in=own).order_by("name")
    ]
    others = events.exclude(organisation_id__in=own)
    if others.exists():
        rows.append(_row(gettext("Other organisations"), others, none, now))
    return Summary(
        title=campaign.name(language),
        rows=rows,
        total=_row(gettext("Total"), events, none, now),
        disclosed=True,
    )


def campaigns_coordinated(organisations: Iterable[Organisation]) -> QuerySet[Campaign]:
    """Campaigns coordinated by, or with events of, one of ``organisations``."""
    ids = [organisation.pk for organisation in organisations]
    return Campaign.objects.filter(Q(organisation_id__in=ids) | Q(events__organisation_id__in=ids)).distinct()


def _header() -> list[str]:
    return [
        gettext("Row"),
        gettext("Events held"),
        gettext("Towns reached"),
        gettext("People reached"),
        gettext("Requests and cases opened"),
    ]


def summary_disclosed(summary: Summary) -> list[list[str]]:
    """Return the summary as rows of text for export: 1 to 10 shown as "fewer than 11", and
    complementary suppression where a hidden row could be worked out from the total."""
    fewer, hidden = gettext("fewer than 11"), gettext("hidden")
    labels = [f"r{index}" for index in range(len(summary.rows))]
    shown: dict[tuple[str, str], str] = {}
    for measure in ADDITIVE:
        table = Table(
            name=measure,
            scope=measure,
            row_dimension="row",
            column_dimension="all",
            rows=tuple(labels),
            columns=(ALL,),
            counts={
                (label, ALL): row.value(measure) for label, row in zip(labels, summary.rows, strict=True)
            },
        )
        result = suppress_tables([table])
        if result.values[table.grand_total_key()] != summary.total.value(measure):
            # Rows overlap (never for these summaries): publish the total on its own rule only.
            result.values[table.grand_total_key()] = summary.total.value(measure)
        for label in [*labels, "total"]:
            key = table.grand_total_key() if label == "total" else table.row_total_key(label)
            value = result.values[key]
            mark = result.marks[key].value
            shown[(label, measure)] = (
                str(value) if mark == "shown" else (fewer if mark == "primary" else hidden)
            )
    for label, row in [*zip(labels, summary.rows, strict=True), ("total", summary.total)]:
        shown[(label, "towns")] = fewer if is_primary(row.towns) else str(row.towns)
    out = [_header()]
    for label, row in [*zip(labels, summary.rows, strict=True), ("total", summary.total)]:
        out.append([row.label, *(shown[(label, measure)] for measure in MEASURES)])
    return out


def summary_csv(summary: Summary) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([summary.title])
    writer.writerows(summary_disclosed(summary))  # leaves the organisation: always disclosed
    return buffer.getvalue()
