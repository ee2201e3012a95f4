"""Turn every organisation "moderator" membership into a site-level moderation grant.

Moderating reads every unpublished contribution, so it is no longer an organisation role that
any organisation's administrator could give. Each account that held the role in any organisation
gets one grant, dated from its earliest such membership and naming no administrator (the
audit event says it was carried over); the memberships themselves go. Going back recreates a
moderator membership in every organisation where the account is still a member.
"""

from django.db import migrations

MODERATOR = "moderator"


def memberships_to_grants(apps, schema_editor):
    Membership = apps.get_model("core", "Membership")
    ModerationGrant = apps.get_model("core", "ModerationGrant")
    AuditEvent = apps.get_model("core", "AuditEvent")
    first_since = {}
    for user_id, since in Membership.objects.filter(role=MODERATOR).values_list("user_id", "created_at"):
        if user_id not in first_since or since < first_since[user_id]:
            first_since[user_id] = since
    for user_id, since in sorted(first_since.items()):
        if ModerationGrant.objects.filter(user_id=user_id, revoked_at__isnull=True).exists():
            continue
        grant = ModerationGrant.objects.create(user_id=user_id, granted_by=None, granted_at=since)
        AuditEvent.objects.create(
            actor=None,
            organisation=None,
            action="moderation.granted",
            target_type="core.moderationgrant",
            target_id=str(grant.pk),
            detail={"user_id": user_id, "from_membership": True},
        )
    Membership.objects.filter(role=MODERATOR).delete()


def grants_to_memberships(apps, schema_editor):
    Membership = apps.get_model("core", "Membership")
    ModerationGrant = apps.get_model("core", "ModerationGrant")
    for grant in ModerationGrant.objects.filter(revoked_at__isnull=True):
        organisations = set(
            Membership.objects.filter(user_id=grant.user_id).values_list("organisation_id", flat=True)
        )
        for organisation_id in sorted(organisations):
            Membership.objects.get_or_create(
                user_id=grant.user_id, organisation_id=organisation_id, role=MODERATOR
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0003_moderation_grant_invitation")]

    operations = [migrations.RunPython(memberships_to_grants, grants_to_memberships)]
