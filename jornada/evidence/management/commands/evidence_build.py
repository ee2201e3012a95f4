from typing import Any

from django.core.management.base import BaseCommand

from jornada.evidence.publication import publication_store


class Command(BaseCommand):
    help = (
        "Build the public evidence now and keep it for readers (run after migrate at every deploy; "
        "until it has run once, the evidence pages say the figures are being prepared)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        publication = publication_store()
        self.stdout.write(f"Evidence built on {publication.built_on}: {len(publication.tables)} tables.")
