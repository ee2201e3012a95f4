"""The GBVIMS classifier: one test per branch of the ordered questions, one per context rule."""

from jornada.protocols.gbv import IncidentContext, IncidentType, incident_context, incident_type

NO = {
    "penetration": False,
    "sexual_contact": False,
    "physical_assault": False,
    "forced_marriage": False,
    "denial_of_resources": False,
    "psychological_abuse": False,
}


def test_it_classifies_penetration_as_rape_whatever_follows() -> None:
    """Penetration decides first: rape, even when every later question is yes too."""
    assert incident_type(dict.fromkeys(NO, True)) == IncidentType.RAPE


def test_it_classifies_unwanted_sexual_contact_without_penetration_as_sexual_assault() -> None:
    """Without penetration, unwanted sexual contact is sexual assault (physical assault too ignored)."""
    assert (
        incident_type({**NO, "sexual_contact": True, "physical_assault": True}) == IncidentType.SEXUAL_ASSAULT
    )


def test_it_classifies_physical_assault_third() -> None:
    """No sexual violence but a physical assault: physical assault, before forced marriage."""
    assert (
        incident_type({**NO, "physical_assault": True, "forced_marriage": True})
        == IncidentType.PHYSICAL_ASSAULT
    )


def test_it_classifies_forced_marriage_fourth() -> None:
    """Forced marriage comes before denial of resources."""
    assert (
        incident_type({**NO, "forced_marriage": True, "denial_of_resources": True})
        == IncidentType.FORCED_MARRIAGE
    )


def test_it_classifies_denial_of_resources_fifth() -> None:
    """Denial of resources, opportunities or services comes before psychological abuse."""
    assert (
        incident_type({**NO, "denial_of_resources": True, "psychological_abuse": True}) == IncidentType.DENIAL
    )


def test_it_classifies_psychological_abuse_last() -> None:
    """Only psychological or emotional abuse answered yes: that type."""
    assert incident_type({**NO, "psychological_abuse": True}) == IncidentType.PSYCHOLOGICAL


def test_it_classifies_an_incident_with_every_answer_no_as_not_gbv() -> None:
    """Every question no (or unanswered): not gender-based violence."""
    assert incident_type(NO) == IncidentType.NON_GBV
    assert incident_type({}) == IncidentType.NON_GBV


def test_it_derives_intimate_partner_violence_from_the_perpetrator() -> None:
    """A current or former partner as perpetrator makes the context intimate partner violence."""
    answers = {
        **NO,
        "physical_assault": True,
        "perpetrator_relationship": "former_partner",
        "survivor_age": 30,
    }
    assert incident_context(answers) == [IncidentContext.INTIMATE_PARTNER]
    assert incident_context({**answers, "perpetrator_relationship": "employer"}) == []


def test_it_derives_child_sexual_abuse_from_a_sexual_type_under_18() -> None:
    """Rape or sexual assault of a survivor under 18 is child sexual abuse; at 18 it is not."""
    answers = {**NO, "sexual_contact": True, "perpetrator_relationship": "employer", "survivor_age": 16}
    assert incident_context(answers) == [IncidentContext.CHILD_SEXUAL_ABUSE]
    assert incident_context({**answers, "survivor_age": 18}) == []


def test_it_derives_early_marriage_from_a_forced_marriage_under_18() -> None:
    """A forced marriage of a survivor under 18 is early marriage; of an adult it is not."""
    answers = {**NO, "forced_marriage": True, "perpetrator_relationship": "family", "survivor_age": 15}
    assert incident_context(answers) == [IncidentContext.EARLY_MARRIAGE]
    assert incident_context({**answers, "survivor_age": 25}) == []


def test_it_derives_possible_sexual_exploitation_from_an_exchange() -> None:
    """Rape or sexual assault with money, goods, benefits or services exchanged: possible exploitation."""
    answers = {
        **NO,
        "penetration": True,
        "perpetrator_relationship": "recruiter",
        "survivor_age": 22,
        "exchange": True,
    }
    assert incident_context(answers) == [IncidentContext.SEXUAL_EXPLOITATION]
    assert incident_context({**answers, "penetration": False, "physical_assault": True}) == []
