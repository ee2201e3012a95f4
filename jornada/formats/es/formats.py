"""Spanish as Jornada's readers write it: Mexican conventions.

Django's generic Spanish formats follow Spain (1.234,5); a Mexican or Central American worker
reads "$12.400" as twelve dollars forty. Mexico and Guatemala write 12,400.50, like the US
dollar amounts in DOL records.
"""

from django.conf.locale.es_MX.formats import *  # type: ignore[import-untyped]  # noqa: F403
