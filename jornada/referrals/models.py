"""Referrals of a case to another organisation, with only the fields the sender chose.

A referral to an organisation that uses Jornada carries its own data key: the chosen fields
are sealed again under it (``shared_sealed``), and the key is wrapped once for each holder
(``ReferralKey``): the sender and the receiver. The receiver never holds the case's key, so
it can open what was shared and nothing else. Revoking erases the shared copy and the
receiver's key. A referral to a partner outside Jornada keeps no copy: its letter is printed
from the case each time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jornada.cases.models import Case, CaseConsent, ConsentOverride, Outcome
from jornada.core.fields import RandomIdField
from jornada.core.models import Organisation


class SharedField(models.TextChoices):
    """What of a case a sender may choose to share."""

    WORKER_NAME = "worker_name", _("Worker's name")
    CONTACT = "contact", _("Contact details and how to contact")
    SAFE_TIMES = "safe_times", _("Safe times to contact")
    NARRATIVE = "narrative", _("What happened")
    CATEGORIES = "categories", _("Categories")
    PARTIES = "parties", _("Parties (employer, recruiter…)")
    NOTES = "notes", _("Notes you choose")


class ReferralKind(models.TextChoices):
    JORNADA = "jornada", _("To an organisation that uses Jornada")
    LETTER = "letter", _("By letter, to a partner outside Jornada")


class ReferralState(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral", "Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", pgettext_lazy("referral", "Done")
    REVOKED = "revoked", _("Revoked by the sender")


# The states in which the receiver still holds the shared fields.
OPEN_STATES = (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.DONE)


class Referral(models.Model):
    """One referral of a case, sent by the case's organisation."""

    id = RandomIdField()
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case"))
    sender = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent", verbose_name=_("sender")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReferralKind.choices)
    receiver = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name=_("receiving organisation"),
    )
    # A partner outside Jornada, typed in; the network directory may link it later.
    partner_name = models.CharField(_("partner"), max_length=200, blank=True)
    partner_contact = models.CharField(_("partner's contact"), max_length=300, blank=True)
    topic = models.ForeignKey(
        "vocabulary.Category", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fields = models.JSONField(_("fields shared"), default=list)
    # The case's notes chosen to go with it (ids only: their text is in ``shared_sealed``, or, for a
    # letter, read from the case each time it is printed).
    note_ids = models.JSONField(_("notes shared"), default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ReferralState.choices, default=ReferralState.SENT
    )
    consent = models.ForeignKey(
        CaseConsent, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    override = models.ForeignKey(
        ConsentOverride, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who at the sender follows the referral up now: empty means the one who sent it (a handover sets it).
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible at the sender"),
    )
    sent_at = models.DateTimeField(pgettext_lazy("referral", "sent"), default=timezone.now)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    done_at = models.DateTimeField(pgettext_lazy("referral", "done"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(pgettext_lazy("referral", "revoked"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    receiver_case = models.ForeignKey(
        Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Under the referral's key: the chosen fields (JSON), the decline reason, the feedback.
    shared_sealed = models.BinaryField(null=True, editable=False)
    decline_reason_sealed = models.BinaryField(null=True, editable=False)
    feedback_sealed = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["receiver", "-sent_at"], name="referrals_receiver_newest"),
            models.Index(fields=["sender", "-sent_at"], name="referrals_sender_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="jornada") & Q(receiver__isnull=False))
                | (Q(kind="letter") & Q(receiver__isnull=True) & ~Q(partner_name="")),
                name="referrals_receiver_or_partner",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.receiver_id or self.partner_name}"

    def receiver_name(self) -> str:
        """Return the receiving organisation's name, or the partner's typed name."""
        return self.receiver.name if self.receiver_id and self.receiver else self.partner_name

    def is_revoked(self) -> bool:
        """Return True once the sender revoked it."""
        return self.state == ReferralState.REVOKED


class ReferralKey(models.Model):
    """A referral's data key wrapped for one holder organisation (the sender or the receiver)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="keys")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    data_key = models.BinaryField(null=True, editable=False)
    key_version = models.PositiveIntegerField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referral", "organisation"], name="referrals_one_key_per_holder")
        ]

    def __str__(self) -> str:
        return f"{self.referral_id} · {self.organisation_id}"
