"""Fictional channel-health counts for ``jornada demo_data``: two weeks of invented traffic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from jornada.messaging.models import ChannelDay, Direction

# Invented daily volumes (received by SMS, received by WhatsApp); no real traffic behind them.
DEMO_VOLUMES = (12, 9, 15, 4, 7, 21, 18, 11, 6, 3, 14, 17, 8, 10)


@transaction.atomic
def create_demo_data(stdout: Any = None) -> None:
    """Write fourteen days of invented counts (delivered and read too), with a few failures by gateway code."""
    today = timezone.now().date()
    for offset, volume in enumerate(DEMO_VOLUMES):
        day = today - dt.timedelta(days=offset)
        rows = [
            ("twilio", Direction.IN, "", volume, volume * 140),
            ("twilio", Direction.OUT, "", volume * 2, 0),
            ("whatsapp", Direction.IN, "", volume // 2, (volume // 2) * 210),
            ("whatsapp", Direction.OUT, "", volume, 0),
            ("whatsapp", Direction.DELIVERED, "", volume - 1, 0),
            ("whatsapp", Direction.READ, "", volume // 2, 0),
            ("sms", Direction.OUT, "", volume // 3, 0),
            # Follows made by WhatsApp through Twilio, told the same way.
            ("twilio-wa", Direction.OUT, "", volume // 4, 0),
        ]
        if offset % 5 == 0:
            rows.append(("sms", Direction.FAILED, "21610", 1, 0))
        if offset % 6 == 1:  # Meta busy for a moment: the reply was held and sent on retry
            rows.append(("whatsapp", Direction.FAILED, "131016", 1, 0))
        if offset % 7 == 3:
            rows.append(("whatsapp", Direction.FAILED, "131047", 2, 0))
        for channel, direction, code, count, reply_ms in rows:
            ChannelDay.objects.update_or_create(
                day=day,
                channel=channel,
                direction=direction,
                error_code=code,
                defaults={"count": count, "reply_ms": reply_ms},
            )
    if stdout is not None:
        stdout.write("Messaging: two weeks of invented channel-health counts (/es/staff/messaging/).\n")
