"""Authentication for the staff operations of the API: the staff session, second factor included.

A staff operation declares ``auth=staff_session``. The caller must hold a session of an active
user who confirmed their second factor in it; otherwise the answer is 401, the same for an
unknown session, a signed-out one and one still waiting for its code. What the user may see
is decided afterwards by the operation's selectors, which return 404 for another organisation's
record exactly as the staff pages do. Unsafe methods also need the CSRF token, as every form does.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import SessionAuth


class StaffSessionAuth(SessionAuth):
    """The Django session of an active user whose second factor is verified in that session."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any | None:
        user: Any = request.user
        if user.is_authenticated and user.is_active and user.is_verified():
            return user
        return None


staff_session = StaffSessionAuth()
