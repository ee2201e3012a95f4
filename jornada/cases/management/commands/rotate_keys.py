from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jornada.cases.crypto import CaseDecryptionError
from jornada.cases.rotation import (
    KeyRotationError,
    case_keys_rewrap,
    key_rotation_record,
    organisation_keys_add_version,
    organisation_keys_retire,
    organisation_keys_rewrap,
    other_keys_rewrap,
)
from jornada.core.models import Organisation
from jornada.core.progress import ProgressBar


class Command(BaseCommand):
    help = (
        "Rewrap the keys that protect case data, without re-encrypting any field. "
        "New master key: set JORNADA_CASE_KEY to it and JORNADA_CASE_KEY_PREVIOUS to the old one, "
        "then run this; every organisation key moves to the new master key. "
        "--new-organisation-keys gives organisations a new key version and moves every case's data "
        "key to it. Running it again finishes an interrupted run and otherwise does nothing. "
        "WARNING: the master key is the only way to open case data. Losing it (or losing the old "
        "one before this command has finished) loses every case's personal data for good; keep it "
        "backed up apart from the database."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--new-organisation-keys",
            action="store_true",
            help="Make a new key version for organisations (all, or those given with --organisation).",
        )
        parser.add_argument(
            "--organisation",
            action="append",
            default=[],
            metavar="SLUG",
            help="With --new-organisation-keys: only this organisation (repeatable).",
        )
        parser.add_argument("--batch", type=int, default=500, help="Cases rewrapped per transaction.")

    def handle(
        self, *args: Any, new_organisation_keys: bool, organisation: list[str], batch: int, **options: Any
    ) -> None:
        if organisation and not new_organisation_keys:
            raise CommandError("--organisation only goes with --new-organisation-keys.")
        if batch < 1:
            raise CommandError("--batch must be at least 1.")
        stream = cast(TextIO, self.stderr._out)
        try:
            bar = ProgressBar(stream, _("Organisation keys"), unit=_("keys"))
            moved = organisation_keys_rewrap(progress=bar.update)
            bar.finish()
            made = 0
            if new_organisation_keys:
                organisations = Organisation.objects.all()
                if organisation:
                    organisations = organisations.filter(slug__in=organisation)
                    missing = set(organisation) - set(organisations.values_list("slug", flat=True))
                    if missing:
                        raise CommandError(
                            f"No organisation with the short name: {', '.join(sorted(missing))}."
                        )
                made = organisation_keys_add_version(organisations=organisations)
            bar = ProgressBar(stream, _("Case keys"), unit=_("cases"))
            rewrapped = case_keys_rewrap(batch=batch, progress=bar.update)
            bar.finish()
            bar = ProgressBar(stream, _("Request keys"), unit=_("requests"))
            rewrapped += other_keys_rewrap(batch=batch, progress=bar.update)
            bar.finish()
            retired = organisation_keys_retire()
            key_rotation_record(moved=moved, made=made, rewrapped=rewrapped, retired=retired)
        except (KeyRotationError, CaseDecryptionError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Organisation keys moved to the current master key: {moved}. "
            f"New organisation key versions: {made}. Case keys rewrapped: {rewrapped}. "
            f"Old organisation key versions removed: {retired}."
        )
