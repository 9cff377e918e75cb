from django.urls import path

from klantbeeld.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("lookup", views.lookup, name="lookup"),
    path("klant/<uuid:party_uuid>/", views.customer, name="customer"),
    path("klant/<uuid:party_uuid>/contact/", views.contact_register, name="contact_register"),
]
