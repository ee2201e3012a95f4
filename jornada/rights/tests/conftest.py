from __future__ import annotations

import pytest
from django.core.management import call_command


@pytest.fixture
def launch_content(db: None) -> None:
    """The launch articles loaded from the content files, without queuing voices."""
    call_command("load_rights_content", "--no-audio", verbosity=0)
