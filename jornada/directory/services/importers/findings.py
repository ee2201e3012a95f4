"""Linking Wage and Hour findings and debarments to employers, by name, never creating one."""

from __future__ import annotations

from jornada.directory.models import Debarment, Employer, LinkReason, WhdCase
from jornada.directory.services.importers.base import ImportContext
from jornada.directory.services.writing import Upsert, rows_for


def linked_employer(
    context: ImportContext, name: str, trade: str | None, state: str | None
) -> tuple[int | None, str, float | None]:
    """Link a WHD case or debarment to an existing employer by its names; never create one."""
    for candidate in (name, trade):
        if not candidate:
            continue
        resolution = context.employers.match_existing(candidate, state=state)
        if resolution.key is not None:
            return context.employers.record_id(resolution.key), str(resolution.reason), resolution.score
    return None, "", None


def waiting_findings_link(context: ImportContext, employer_ids: set[int]) -> None:
    """Link enforcement findings that were imported before their employer existed.

    WHISARD and the debarment list may arrive before an employer's disclosure file. When a file
    creates employers, the unlinked findings of their states are matched again; one that staff
    unlinked on purpose (reason "manual") is left alone.
    """
    if not employer_ids:
        return
    employer_states = rows_for(Employer.objects.values_list("id", "state"), "id", employer_ids)
    states = {state for _id, state in employer_states if state}
    for model, name, trade in ((WhdCase, "legal_name", "trade_name"), (Debarment, "name", None)):
        fields = [
            "id",
            name,
            *([trade] if trade else []),
            "state",
            "employer_id",
            "link_reason",
            "link_score",
        ]
        waiting = (
            model._default_manager.filter(employer__isnull=True, state__in=states)
            .exclude(link_reason=LinkReason.MANUAL)
            .values(*fields)
        )
        links = Upsert(model)
        for row in waiting.iterator(chunk_size=5000):
            employer_id, reason, score = linked_employer(
                context, row[name], row[trade] if trade else None, row["state"]
            )
            if employer_id is not None:
                links.update(
                    row["id"], row, {"employer_id": employer_id, "link_reason": reason, "link_score": score}
                )
                context.touched_employers.add(employer_id)
        context.counts.add(links.write())
