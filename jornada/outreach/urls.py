from django.urls import path

from jornada.outreach import aftermath_views, feeds, invitation_views, reminder_views, session_views, views

app_name = "outreach"

urlpatterns = [
    path("eventos/", views.calendar, name="calendar"),
    path("eventos/calendario.ics", feeds.ics_all, name="ics_all"),
    path("eventos/nuevos.atom", feeds.new_events_atom, name="atom"),
    path("eventos/organizaciones/<slug:slug>.ics", feeds.ics_organisation, name="ics_organisation"),
    path("eventos/estados/<str:state>.ics", feeds.ics_state, name="ics_state"),
    path("eventos/campanas/<slug:slug>.ics", feeds.ics_campaign, name="ics_campaign"),
    path("eventos/temas/<slug:code>.ics", feeds.ics_topic, name="ics_topic"),
    path("eventos/<uuid:uid>/", views.event_detail, name="event"),
    path("eventos/<uuid:uid>/recordatorio/", reminder_views.reminder, name="reminder"),
    path("eventos/<uuid:uid>/reservar/", reminder_views.reserve, name="reserve"),
    path("eventos/<uuid:uid>/evento.ics", feeds.ics_event, name="ics_event"),
    path("talleres/", views.workshop_index, name="workshop_index"),
    path("talleres/<slug:slug>/", views.workshop_guide, name="workshop_guide"),
    path("staff/events/", views.staff_list, name="staff_list"),
    path("staff/events/new/", views.staff_create, name="staff_create"),
    path("staff/events/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("staff/events/<int:pk>/invitations/", invitation_views.event_invitations, name="event_invitations"),
    path("staff/events/<int:pk>/outcome/", aftermath_views.event_outcome, name="event_outcome"),
    path("staff/outreach/links/", aftermath_views.event_link, name="event_link"),
    path("staff/outreach/summary/", aftermath_views.summary, name="summary"),
    path("staff/outreach/summary.csv", aftermath_views.summary_csv, name="summary_csv"),
    path("staff/outreach/contacts/", invitation_views.contact_list, name="contact_list"),
    path("eventos/invitacion/<str:token>/", invitation_views.invitation_open, name="invitation_open"),
    path("staff/promoters/sessions/", session_views.session_list, name="session_list"),
    path("staff/promoters/sessions/new/", session_views.session_new, name="session_new"),
    path("staff/promoters/sw.js", session_views.promoter_worker, name="promoter_worker"),
]
