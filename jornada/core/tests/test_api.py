import json

import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_publishes_the_openapi_schema() -> None:
    """The schema is served as JSON at /api/v1/openapi.json, and no CDN-backed docs page exists."""
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["info"]["title"] == "Jornada API"
    assert schema["openapi"].startswith("3.")
    assert Client().get("/api/v1/docs").status_code == 404
