"""``jornada network_search_refresh``: rebuild the search table of "find help near you"."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from jornada.network.search import search_rows_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the flat search table behind 'find help near you' from the directory, in one "
        "transaction. Imports and the admin keep it current; run this after writing to the "
        "directory any other way (SQL, a restore of only some tables)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            written = search_rows_refresh()
        self.stdout.write(f"Services at locations indexed for search: {written}.")
