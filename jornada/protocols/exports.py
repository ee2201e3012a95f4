"""Non-identifying exports in the standards' own shapes: a GBVIMS-style incident sheet and HTCDS-named rows.

Only cases whose worker's consent to reporting in statistics is in effect are included
(``Case.objects.with_consent(REPORTING)``), and only from the structured answers: no name, no
contact, no free text, no exact date (months only), no date of birth (an age group). The
incident's date is a sealed answer and is not exported. Codes
(incident, survivor, case worker) are keyed digests, stable from one export to the next so a
receiver can update a row, and meaningless outside the deployment that made them.

Every column is documented in ``GBVIMS_COLUMNS`` and ``HTCDS_COLUMNS`` (and the export README).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]

from jornada.cases.models import Case, ConsentPurpose
from jornada.core.models import Organisation
from jornada.protocols import gbv
from jornada.protocols.models import ProtocolStepRecord

GBV_SLUG = "gender-based-violence"
TRAFFICKING_SLUG = "trafficking"

# (column, what it holds) — the documentation of each export, field by field.
GBVIMS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("incident_id", "Keyed code of the incident (one incident per case), stable between exports."),
    ("survivor_code", "Keyed code of the survivor (the case), never the name."),
    ("caseworker_code", "Keyed code of the staff member who recorded the incident, never the name."),
    ("interview_month", "Month (YYYY-MM) the incident step was recorded."),
    ("incident_type", "GBVIMS type from the ordered questions (gbv.IncidentType value)."),
    ("context", "Derived context, ';'-separated (gbv.IncidentContext values); empty when none."),
    ("perpetrator_relationship", "Relationship of the perpetrator to the survivor (choice value)."),
    ("survivor_age_group", "GBVIMS age group at the incident: 0-11, 12-17, 18-25, 26-40, 41-60, 61+."),
    ("place", "Where it happened (choice value)."),
    ("referrals", "Services referred to, ';'-separated (choice values); empty when none yet."),
)
HTCDS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("cas_id", "Keyed code of the case, stable between exports."),
    ("cas_open_month", "Month (YYYY-MM) the case was opened."),
    ("cas_protocol_version", "Version of the trafficking protocol the case follows."),
    ("vic_id", "Keyed code of the victim (the case), never the name."),
    ("hte_exploitation_type", "Type of exploitation: labour, sex, labour_and_sex, other."),
    ("hte_labor_industry", "Labour industry (choice value)."),
    ("hte_visa_type", "Visa the person came on: h2a, h2b, other, none."),
    ("hte_methods_of_control", "HTCDS methods of control, ';'-separated (choice values)."),
    ("hte_ilo_indicators", "ILO forced-labour indicators present, ';'-separated (choice values)."),
    (
        "cas_law_enforcement_cooperation",
        "yes / no: whether the person agreed to cooperate; empty when not asked.",
    ),
    ("cas_immigration_relief", "Relief sought, ';'-separated: t_visa, continued_presence, u_visa, none."),
    ("cas_referral_services", "Services referred to, ';'-separated (choice values)."),
)
AGE_GROUPS = ((11, "0-11"), (17, "12-17"), (25, "18-25"), (40, "26-40"), (60, "41-60"))


def export_code(kind: str, pk: int) -> str:
    """Return a keyed, stable, non-reversible code for record ``pk`` of ``kind``."""
    message = f"jornada-export:{kind}:{pk}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:12].upper()


def age_group(age: Any) -> str:
    """Return the GBVIMS age group of ``age`` (empty when unknown)."""
    if not isinstance(age, int | float) or isinstance(age, bool) or age < 0:
        return ""
    return next((label for top, label in AGE_GROUPS if age <= top), "61+")


def _month(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m")


def _joined(value: Any) -> str:
    return ";".join(value) if isinstance(value, list) else ("" if value is None else str(value))


def _records(organisation: Organisation, slug: str) -> dict[int, dict[str, ProtocolStepRecord]]:
    """Return, per consenting case of ``organisation`` following ``slug``, its completed steps by key."""
    consenting = Case.objects.with_consent(ConsentPurpose.REPORTING).filter(
        organisation=organisation, anonymised_at__isnull=True
    )
    records = (
        ProtocolStepRecord.objects.filter(
            protocol__case__in=consenting, protocol__case_type__slug=slug, completed_at__isnull=False
        )
        .select_related("step", "protocol__case", "protocol__case_type")
        .defer("answers_sealed", "protocol__case__data_key")
    )
    found: dict[int, dict[str, ProtocolStepRecord]] = {}
    for record in records:
        found.setdefault(record.protocol.case_id, {})[record.step.key] = record
    return found


def gbvims_rows(*, organisation: Organisation) -> list[list[str]]:
    """Return the GBVIMS-style incident sheet (header first) of the organisation's consenting GBV cases."""
    rows = [[name for name, _doc in GBVIMS_COLUMNS]]
    for case_id, steps in sorted(
        _records(organisation, GBV_SLUG).items(), key=lambda item: export_code("case", item[0])
    ):
        incident = steps.get("incident")
        if incident is None:
            continue
        answers = incident.answers
        kind = gbv.incident_type(answers)
        referral = steps.get("allies-referral")
        rows.append(
            [
                export_code("incident", incident.pk),
                export_code("case", case_id),
                export_code("user", incident.completed_by_id or 0),
                _month(incident.completed_at),
                kind.value,
                ";".join(item.value for item in gbv.incident_context(answers, kind)),
                str(answers.get("perpetrator_relationship", "")),
                age_group(answers.get("survivor_age")),
                str(answers.get("place", "")),
                _joined(referral.answers.get("services")) if referral else "",
            ]
        )
    return rows


def htcds_rows(*, organisation: Organisation) -> list[list[str]]:
    """Return HTCDS-named rows (header first) of the organisation's consenting trafficking cases."""
    rows = [[name for name, _doc in HTCDS_COLUMNS]]
    for case_id, steps in sorted(
        _records(organisation, TRAFFICKING_SLUG).items(), key=lambda item: export_code("case", item[0])
    ):
        any_record = next(iter(steps.values()))
        case = any_record.protocol.case

        def answer(step: str, key: str, steps: dict[str, ProtocolStepRecord] = steps) -> Any:
            record = steps.get(step)
            return record.answers.get(key) if record else None

        cooperation = answer("cooperation-decision", "consents_to_cooperate")
        rows.append(
            [
                export_code("case", case_id),
                _month(case.created_at),
                str(any_record.protocol.case_type.version),
                export_code("victim", case_id),
                _joined(answer("exploitation", "exploitation_type")),
                _joined(answer("exploitation", "industry")),
                _joined(answer("exploitation", "visa")),
                _joined(answer("screening", "methods_of_control")),
                _joined(answer("screening", "ilo_indicators")),
                "" if cooperation is None else ("yes" if cooperation else "no"),
                _joined(answer("immigration-relief", "relief")),
                _joined(answer("services-referral", "services")),
            ]
        )
    return rows


def as_csv(rows: Iterable[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: Iterable[list[str]], *, title: str) -> bytes:
    """Return ``rows`` as a one-sheet workbook (text cells only: nothing a spreadsheet evaluates)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        # A leading "=", "+", "-" or "@" would make a spreadsheet read a formula: keep it text.
        sheet.append([f"'{cell}" if cell[:1] in ("=", "+", "-", "@") else cell for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
