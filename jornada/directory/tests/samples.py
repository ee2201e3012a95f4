"""Examples of the directory's parameterised pages, for the tests that walk every URL."""

from typing import Any

from jornada.core.testing import page_sample
from jornada.directory.models import Agent, Case
from jornada.directory.tests.factories import busy_employer


@page_sample("directory:employer")
def busy_employer_page() -> dict[str, Any]:
    return {"slug": busy_employer().slug}


@page_sample("directory:recruiter")
def recruiter_page() -> dict[str, Any]:
    employer = busy_employer(seasons=2)
    return {"slug": employer.case_links.first().case.recruiter_links.first().recruiter.slug}


@page_sample("directory:agent")
def agent_page() -> dict[str, Any]:
    employer = busy_employer(seasons=1)
    agent = Agent.objects.create(
        name="Abogada Prueba", slug="abogada-prueba", normalised_name="abogada prueba"
    )
    Case.objects.filter(employers__employer=employer).update(agent=agent)
    return {"slug": agent.slug}
