"""Fixtures the alerts tests share with other apps' tests."""

# The anonymity contract's log capture, shared with reviews (see reviews/tests/test_anonymity.py).
from jornada.reviews.tests.test_anonymity import every_log_line  # noqa: F401
