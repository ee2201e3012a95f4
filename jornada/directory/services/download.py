"""Fetching the official OFLC disclosure files of a fiscal year from the Department of Labor."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

# OFLC publishes cumulative quarterly files; the last quarter of a year supersedes the others.
FILE_PATTERNS = (
    "H-2A_Disclosure_Data_FY{year}_Q{quarter}.xlsx",
    "H-2A_Addendum_A_Disclosure_Data_FY{year}_Q{quarter}.xlsx",
    "H-2A_Addendum_B_Housing_FY{year}_Q{quarter}.xlsx",
    "H-2B_Disclosure_Data_FY{year}_Q{quarter}.xlsx",
    "H-2B_Appendix_A_FY{year}_Q{quarter}.xlsx",
    "H-2B_Appendix_C_FY{year}_Q{quarter}.xlsx",
    "H-2B_Appendix_D_FY{year}_Q{quarter}.xlsx",
)


class DownloadFailed(Exception):
    pass


def dol_files_download(*, year: int, folder: Path, log: Callable[[str], None] = print) -> list[Path]:
    """Download the latest quarter of every disclosure file of ``year`` into ``folder``.

    Files a quarter does not have (DOL has not published it yet) are skipped; a network that
    cannot reach DOL at all is an error.
    """
    base = settings.JORNADA_DOL_BASE_URL.rstrip("/")
    folder.mkdir(parents=True, exist_ok=True)
    found: list[Path] = []
    reached = False
    for pattern in FILE_PATTERNS:
        for quarter in (4, 3, 2, 1):
            name = pattern.format(year=year, quarter=quarter)
            url = f"{base}/{name}"
            # The base URL is a setting restricted to http(s) by jornada/settings.py.
            request = urllib.request.Request(  # noqa: S310
                url, headers={"User-Agent": "Jornada (open-source; DOL importer)"}
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    target = folder / name
                    target.write_bytes(response.read())
            except urllib.error.HTTPError as error:
                reached = True
                if error.code == 404:
                    continue
                raise DownloadFailed(
                    _("%(url)s answered %(status)d.") % {"url": url, "status": error.code}
                ) from error
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                raise DownloadFailed(
                    _(
                        "Cannot reach the Department of Labor at %(base)s (%(reason)s). Is this machine online?"
                    )
                    % {"base": base, "reason": getattr(error, "reason", error)}
                ) from error
            reached = True
            log(_("Downloaded %(name)s") % {"name": name})
            found.append(target)
            break
    if reached and not found:
        raise DownloadFailed(
            _("The Department of Labor has no disclosure files for fiscal year %(year)d.") % {"year": year}
        )
    return found
