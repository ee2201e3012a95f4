"""What the directory tells other apps.

``records_imported`` is sent once a DOL file's import has committed, with ``run`` (the
``ImportRun``). The alerts app listens, to tell followers about new cases.

``records_merged`` is sent inside a merge's transaction for each record merged away, with
``kind`` ("employer" or "recruiter"), ``old`` and ``new`` (the two slugs) and ``label`` (the
surviving record's name): apps that refer to records by slug (follows) move with the merge, in
the same transaction.
"""

from django.dispatch import Signal

records_imported = Signal()
records_merged = Signal()
