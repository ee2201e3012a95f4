"""Atom feeds: the newest warnings site-wide, and what is new about one employer, recruiter or number."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from jornada.alerts import selectors
from jornada.alerts.models import Event, EventKind
from jornada.contributions.periods import week_start
from jornada.core.access import system_endpoint


def event_sentence(event: Event) -> str:
    if event.kind == EventKind.WARNING:
        return _("Scam warning: %(name)s") % {"name": event.title}
    if event.kind == EventKind.REVIEW:
        return _("New worker review of %(name)s") % {"name": event.title}
    return ngettext(
        "New Department of Labor record for %(name)s",
        "%(count)d new Department of Labor records for %(name)s",
        event.count,
    ) % {"name": event.title, "count": event.count}


class _EventFeed(Feed):
    feed_type = Atom1Feed

    def item_title(self, item: Event) -> str:
        return event_sentence(item)

    def item_description(self, item: Event) -> str:
        return event_sentence(item)

    def item_link(self, item: Event) -> str:
        return f"/{get_language() or 'es'}/{item.path}"

    def item_pubdate(self, item: Event) -> Any:
        # The week, never the second: news of a contribution must not date it (Monday, 00:00 UTC).
        return datetime.combine(week_start(item.created_at), time.min, tzinfo=UTC)

    def item_updateddate(self, item: Event) -> Any:
        return self.item_pubdate(item)

    def item_guid(self, item: Event) -> str:
        return item.source

    item_guid_is_permalink = False


class SiteFeed(_EventFeed):
    def title(self) -> str:
        return _("Jornada: new scam warnings")

    def subtitle(self) -> str:
        return _("Warnings about fraudulent recruiters and job offers, checked by moderators.")

    def link(self) -> str:
        return reverse("alerts:warnings")

    def items(self) -> list[Event]:
        return selectors.events_for()


class ProfileFeed(_EventFeed):
    def get_object(self, request: HttpRequest, kind: str, target: str) -> selectors.FollowTarget:
        found = selectors.follow_target(f"{kind}:{target}"[:160])
        if found is None:
            raise Http404
        return found

    def title(self, obj: selectors.FollowTarget) -> str:
        return _("Jornada: what is new about %(name)s") % {"name": obj.label}

    def link(self, obj: selectors.FollowTarget) -> str:
        return reverse("alerts:lookup") + "?" + urlencode({"q": obj.label})

    def items(self, obj: selectors.FollowTarget) -> list[Event]:
        return selectors.events_for(obj.kind, obj.target, readings=obj.readings)


# Feeds are machine-read documents, not pages: declared like the API.
site_feed = system_endpoint(SiteFeed())
profile_feed = system_endpoint(ProfileFeed())
