"""A progress bar for long commands (imports, rebuilds) that needs no extra dependency."""

from __future__ import annotations

import time
from typing import TextIO

from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _


class ProgressBar:
    """``[#########.........]  45%  5,800 / 12,930 rows  3,200/s  about 2 s left``.

    On a terminal the bar redraws in place; in a log (not a terminal) it writes a line every
    tenth of the way, so CI output stays readable.
    """

    def __init__(self, stream: TextIO, label: str, *, unit: str, width: int = 28) -> None:
        self.stream = stream
        self.label = label
        self.unit = unit
        self.width = width
        self.started = time.monotonic()
        self.interactive = bool(getattr(stream, "isatty", lambda: False)())
        self._last_draw = 0.0
        self._last_tenth = -1
        self._drawn = False

    def update(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        if total:
            fraction = min(done / total, 1.0)
            filled = int(fraction * self.width)
            bar = "#" * filled + "." * (self.width - filled)
            remaining = (total - done) / rate if rate else 0
            line = _(
                "%(label)s [%(bar)s] %(percent)3d%%  %(done)s / %(total)s %(unit)s  %(rate)s/s  about %(seconds)d s left"
            ) % {
                "label": self.label,
                "bar": bar,
                "percent": round(fraction * 100),
                "done": intcomma(done),
                "total": intcomma(total),
                "unit": self.unit,
                "rate": intcomma(round(rate)),
                "seconds": round(remaining),
            }
            tenth = int(fraction * 10)
        else:
            line = _("%(label)s %(done)s %(unit)s  %(rate)s/s") % {
                "label": self.label,
                "done": intcomma(done),
                "unit": self.unit,
                "rate": intcomma(round(rate)),
            }
            tenth = done // 10_000
        if self.interactive:
            if now - self._last_draw >= 0.1 or (total and done >= total):
                self.stream.write("\r" + line.ljust(100))
                self.stream.flush()
                self._last_draw = now
                self._drawn = True
        elif tenth != self._last_tenth:
            self._last_tenth = tenth
            self.stream.write(line + "\n")
            self.stream.flush()

    def finish(self, message: str = "") -> None:
        if self.interactive and self._drawn:
            self.stream.write("\n")
        if message:
            self.stream.write(message + "\n")
        self.stream.flush()
