from django.urls import path

from jornada.cases import consent_pages, views, work_views

app_name = "cases"

urlpatterns = [
    path("staff/cases/", views.case_list, name="list"),
    path("staff/cases/<int:pk>/", views.case_detail, name="detail"),
    path("staff/organisations/<slug:slug>/cases/", views.case_settings, name="settings"),
    # Case work: tasks, documents, contacts with the worker (work_views.py).
    path("staff/tasks/", work_views.my_tasks, name="my_tasks"),
    path("staff/cases/<int:pk>/tasks/new/", work_views.task_add, name="task_add"),
    path("staff/cases/<int:pk>/tasks/<int:task_pk>/done/", work_views.task_done, name="task_done"),
    path("staff/cases/<int:pk>/documents/new/", work_views.document_add, name="document_add"),
    path(
        "staff/cases/<int:pk>/documents/<int:document_pk>/",
        work_views.document_download,
        name="document_download",
    ),
    path("staff/cases/<int:pk>/contacts/new/", work_views.contact_add, name="contact_add"),
    path("staff/cases/<int:pk>/contacts/message/", work_views.message_send, name="message_send"),
    # Consents (consent_pages.py).
    path("staff/cases/<int:pk>/consents/new/", consent_pages.consent_add, name="consent_add"),
    path(
        "staff/cases/<int:pk>/consents/<int:consent_pk>/withdraw/",
        consent_pages.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "staff/cases/<int:pk>/overrides/<int:override_pk>/",
        consent_pages.override_reason,
        name="override_reason",
    ),
]
