"""What the directory tells other apps.

``records_imported`` is sent once a DOL file's import has committed, with ``run`` (the
``ImportRun``). The alerts app listens, to tell followers about new cases.
"""

from django.dispatch import Signal

records_imported = Signal()
