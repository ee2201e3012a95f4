"""The shipped vocabulary is complete, bilingual, versioned, and never loses a retired category."""

import importlib
from typing import Any

import pytest
from django.apps import apps
from django.db.models import ProtectedError

from jornada.core.models import AuditEvent
from jornada.core.tests.factories import UserFactory
from jornada.vocabulary import services
from jornada.vocabulary.initial import ILO_INDICATORS, INITIAL, US_LAW_CATEGORIES
from jornada.vocabulary.models import Category, CategoryVersion, Group
from jornada.vocabulary.selectors import categories, category_labels

pytestmark = pytest.mark.django_db

# The ILO's own names ("Indicators of Forced Labour", ILO Special Action Programme, 2012).
ILO_NAMES = {
    "Abuse of vulnerability",
    "Deception",
    "Restriction of movement",
    "Isolation",
    "Physical and sexual violence",
    "Intimidation and threats",
    "Retention of identity documents",
    "Withholding of wages",
    "Debt bondage",
    "Abusive working and living conditions",
    "Excessive overtime",
}
US_LAW = {
    "recruitment-fees",
    "wage-theft",
    "three-fourths-guarantee",
    "travel-visa-costs",
    "document-retention",
    "housing",
    "transport",
    "pesticides-safety",
    "injury-workers-compensation",
    "retaliation-blacklisting",
    "sexual-harassment-gbv",
    "trafficking-indicators",
    "child-alone",
    "discrimination",
    "immigration-status",
}
# What the issue says raises a request to urgent: injury, no food or shelter, documents taken,
# threatened, a child alone.
URGENT = {
    "injury-workers-compensation",
    "no-food-or-shelter",
    "document-retention",
    "ilo-retention-of-identity-documents",
    "ilo-intimidation-threats",
    "child-alone",
}


def test_it_ships_the_eleven_ilo_indicators_under_the_ilos_names() -> None:
    """The database holds 11 ILO indicators, whose English staff labels are the ILO's names."""
    ilo = Category.objects.filter(group=Group.ILO)
    assert ilo.count() == 11
    assert {category.staff_label_en for category in ilo} == ILO_NAMES
    assert set(ILO_INDICATORS) == set(ilo.values_list("code", flat=True))


def test_it_ships_every_us_law_category_workers_bring() -> None:
    """Each US-law category the issue lists exists, active, under a stable code."""
    assert set(Category.objects.active().filter(group=Group.US_LAW).values_list("code", flat=True)) == US_LAW
    assert set(US_LAW_CATEGORIES) == US_LAW


def test_it_marks_urgent_exactly_what_raises_a_request_to_urgent() -> None:
    """Injury, no food or shelter, documents taken, threats and a child alone are urgent (and violence)."""
    urgent = set(Category.objects.filter(urgent=True).values_list("code", flat=True))
    assert urgent >= URGENT
    assert urgent - URGENT == {"ilo-physical-sexual-violence"}


def test_it_labels_every_category_in_both_languages_for_workers_and_staff() -> None:
    """No category lacks a Spanish or English worker label, staff label or description."""
    for category in Category.objects.all():
        for language in ("es", "en"):
            for name in ("worker_label", "staff_label", "description"):
                value = getattr(category, f"{name}_{language}")
                assert value.strip(), f"{category.code} has no {name}_{language}"
        assert category.worker_label_es != category.worker_label_en, category.code


def test_it_keeps_worker_labels_short_and_plain() -> None:
    """Worker labels fit on a phone line, and descriptions are a sentence or two."""
    for entry in INITIAL:
        assert len(entry.worker_es) <= 45, entry.code
        assert len(entry.description_es) <= 120, entry.code


def test_it_returns_active_categories_in_the_language_asked() -> None:
    """The selector gives each active category once, with the label of the language and audience asked."""
    spanish = {choice.code: choice for choice in categories(language="es")}
    english = {choice.code: choice for choice in categories(language="en", audience="staff")}
    assert spanish["document-retention"].label == "Se quedaron con tus documentos"
    assert spanish["document-retention"].urgent
    assert english["ilo-debt-bondage"].label == "Debt bondage"
    assert [choice.code for choice in categories(group=Group.ILO)] == list(ILO_INDICATORS)
    assert categories(language="fr")[0].label == categories(language="es")[0].label, "unknown: Spanish"


def test_it_keeps_a_retired_category_readable_for_old_references() -> None:
    """Retiring takes a category out of new choices; it stays readable and cannot be deleted."""
    admin = UserFactory(is_superuser=True)
    housing = Category.objects.get(code="housing")
    services.category_retire(category=housing, by=admin)
    assert "housing" not in {choice.code for choice in categories()}
    [old] = category_labels(["housing"], language="es")
    assert (old.label, old.retired) == ("Vivienda", True)
    with pytest.raises(ProtectedError):
        housing.delete()
    services.category_restore(category=housing, by=admin)
    assert "housing" in {choice.code for choice in categories()}
    changes = list(housing.versions.order_by("number").values_list("number", "change"))
    assert changes == [(1, "created"), (2, "retired"), (3, "restored")]


def test_it_makes_a_new_version_for_an_edit_and_none_for_no_change() -> None:
    """Every real change keeps the old words in a version with who made it; an unchanged save adds none."""
    admin = UserFactory(is_superuser=True)
    category = Category.objects.get(code="transport")
    category.worker_label_es = "El carro al trabajo es peligroso"
    services.category_save(category=category, by=admin)
    services.category_save(category=Category.objects.get(code="transport"), by=admin)
    versions = list(category.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].content["worker_label_es"] == "Transporte peligroso o cobrado"
    assert (versions[1].content["worker_label_es"], versions[1].changed_by) == (
        "El carro al trabajo es peligroso",
        admin,
    )
    assert AuditEvent.objects.filter(action="vocabulary.category_changed", actor=admin).count() == 1


def test_it_refuses_to_change_a_code() -> None:
    """Cases hold the code, so changing it is refused with an error on the code."""
    category = Category.objects.get(code="transport")
    category.code = "rides"
    with pytest.raises(services.ValidationError) as raised:
        services.category_save(category=category, by=None)
    assert raised.value.message_dict["code"]


def test_it_loads_the_vocabulary_idempotently() -> None:
    """Running the data migration again adds nothing, and keeps an administrator's correction."""
    migration = importlib.import_module("jornada.vocabulary.migrations.0002_initial_vocabulary")
    category = Category.objects.get(code="wage-theft")
    category.worker_label_es = "Te deben dinero"
    services.category_save(category=category, by=None)
    counts = (Category.objects.count(), CategoryVersion.objects.count())
    migration.load(apps, None)
    migration.load(apps, None)
    assert (Category.objects.count(), CategoryVersion.objects.count()) == counts
    assert Category.objects.get(code="wage-theft").worker_label_es == "Te deben dinero"
    assert counts[0] == len(INITIAL)


def test_it_loads_a_deleted_shipped_category_again() -> None:
    """A shipped category missing from the table (a fresh database) is created with its first version."""
    migration = importlib.import_module("jornada.vocabulary.migrations.0002_initial_vocabulary")
    CategoryVersion.objects.filter(category__code="discrimination").delete()
    Category.objects.filter(code="discrimination").delete()
    migration.load(apps, None)
    assert Category.objects.get(code="discrimination").versions.get().number == 1


@pytest.fixture
def admin_client(staff_client: Any) -> Any:
    return staff_client(UserFactory(is_superuser=True, is_staff=True, name="Admin"))


def _form(category: Category, **changes: Any) -> dict[str, Any]:
    data = {
        name: getattr(category, name)
        for name in (
            "group",
            "position",
            "worker_label_es",
            "worker_label_en",
            "staff_label_es",
            "staff_label_en",
            "description_es",
            "description_en",
        )
    }
    data["urgent"] = "on" if category.urgent else ""
    data.update(
        {
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
            "versions-MIN_NUM_FORMS": "0",
            "versions-MAX_NUM_FORMS": "0",
        }
    )
    data.update(changes)
    return data


def test_it_versions_an_edit_made_in_the_admin(admin_client: Any) -> None:
    """A site administrator's edit in the admin becomes version 2, naming them; delete is not offered."""
    category = Category.objects.get(code="housing")
    url = f"/admin/vocabulary/category/{category.pk}/change/"
    response = admin_client.post(url, _form(category, staff_label_en="Housing conditions"))
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert (category.staff_label_en, category.version) == ("Housing conditions", 2)
    latest = category.versions.get(number=2)
    assert latest.changed_by is not None
    assert latest.changed_by.name == "Admin"
    assert latest.content["staff_label_en"] == "Housing conditions"
    assert admin_client.get(f"/admin/vocabulary/category/{category.pk}/delete/").status_code == 403


def test_it_retires_from_the_admin_list(admin_client: Any) -> None:
    """The list action retires; the category is still there and readable."""
    category = Category.objects.get(code="transport")
    response = admin_client.post(
        "/admin/vocabulary/category/", {"action": "retire", "_selected_action": [category.pk]}
    )
    assert response.status_code == 302
    category.refresh_from_db()
    assert not category.is_active()
