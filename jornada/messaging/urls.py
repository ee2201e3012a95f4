from django.urls import path

from jornada.messaging import views

app_name = "messaging"

urlpatterns = [
    path("twilio/", views.twilio_webhook, name="twilio"),
    path("whatsapp/", views.whatsapp_webhook, name="whatsapp"),
]
