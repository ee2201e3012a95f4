"""The directory as an Open Referral HSDS 3.0 API: /api/v1/hsds/ and its services and organisations.

Pages follow the HSDS API's ``Page`` (total_items, total_pages, page_number, size, first_page,
last_page, empty, contents). A confidential location is served without address or coordinates.
"""

from __future__ import annotations

import math
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from jornada.core.api_errors import responses
from jornada.network import hsds
from jornada.network.models import Organization, Service
from jornada.vocabulary.models import Category

router = Router(tags=["HSDS directory"])
MAX_PER_PAGE = 100


class HsdsRoot(Schema):
    version: str
    profile: str
    openapi_url: str


class HsdsPage(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[dict[str, Any]]


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=1_000_000, description="Page number of paginated result.")
    per_page: int = Field(
        20, ge=1, le=MAX_PER_PAGE, description="Number of results requested in a single page."
    )
    search: str = Field("", max_length=200, description="Words in the name.")


class ServiceQuery(PageQuery):
    organization_id: uuid.UUID | None = None
    taxonomy_term_id: str = ""


def _page(query: QuerySet[Any], params: PageQuery, render: Any) -> dict[str, Any]:
    per_page = params.per_page
    total = query.count()
    pages = max(1, math.ceil(total / per_page))
    number = params.page
    rows = list(query[(number - 1) * per_page : number * per_page])
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(rows),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": total == 0,
        "contents": [render(row) for row in rows],
    }


def _id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise Http404 from None


@router.get("/", response=responses(HsdsRoot, invalid=False), summary="HSDS version and profile of this API")
def root(request: HttpRequest) -> dict[str, str]:
    return {
        "version": hsds.HSDS_VERSION,
        "profile": hsds.HSDS_PROFILE,
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get(
    "/services", response=responses(HsdsPage), summary="Services, one page at a time (HSDS service_list)"
)
def services(request: HttpRequest, params: Query[ServiceQuery]) -> dict[str, Any]:
    found = Service.objects.select_related("organization").order_by("name", "id")
    if params.search:
        found = found.filter(name__icontains=params.search)
    if params.organization_id:
        found = found.filter(organization_id=params.organization_id)
    if params.taxonomy_term_id:
        codes = Category.objects.values_list("code", flat=True)
        wanted = [code for code in codes if hsds.derived_id(hsds.TAXONOMY, code) == params.taxonomy_term_id]
        found = found.filter(topics__code__in=wanted).distinct()
    return _page(found, params, hsds.service_basic)


@router.get(
    "/services/{service_id}",
    response=responses(dict[str, Any], not_found=True, invalid=False),
    summary="One service, fully nested (HSDS compiled service)",
)
def service(request: HttpRequest, service_id: str) -> dict[str, Any]:
    found = Service.objects.select_related("organization").prefetch_related(*hsds.SERVICE_PREFETCH)
    try:
        return hsds.service_out(found.get(pk=_id(service_id)))
    except Service.DoesNotExist:
        raise Http404 from None


@router.get(
    "/organizations",
    response=responses(HsdsPage),
    summary="Organisations, one page at a time (HSDS organization_list)",
)
def organizations(request: HttpRequest, params: Query[PageQuery]) -> dict[str, Any]:
    found = Organization.objects.order_by("name", "id")
    if params.search:
        found = found.filter(name__icontains=params.search)
    return _page(found, params, hsds.organization_basic)


@router.get(
    "/organizations/{organization_id}",
    response=responses(dict[str, Any], not_found=True, invalid=False),
    summary="One organisation with its locations and services (HSDS compiled organization)",
)
def organization(request: HttpRequest, organization_id: str) -> dict[str, Any]:
    found = Organization.objects.prefetch_related(*hsds.ORGANIZATION_PREFETCH)
    try:
        return hsds.organization_out(found.get(pk=_id(organization_id)))
    except Organization.DoesNotExist:
        raise Http404 from None
