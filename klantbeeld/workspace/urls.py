from django.urls import include, path

from klantbeeld.workspace import privacy_views, subject_request_views, views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("lookup", views.lookup, name="lookup"),
    path("klant/<uuid:party_uuid>/", views.customer, name="customer"),
    path("klant/<uuid:party_uuid>/contact/", views.contact_register, name="contact_register"),
    path("privacy/register/", privacy_views.register, name="privacy_register"),
    path(
        "privacy/register/<uuid:activity_uuid>/",
        privacy_views.register_entry,
        name="privacy_register_entry",
    ),
    path("privacy/logboek/", privacy_views.processing_log, name="privacy_log"),
    path("privacy/noodtoegang/", privacy_views.emergency_review, name="privacy_emergency"),
    path(
        "privacy/verzoeken/",
        subject_request_views.subject_request,
        name="privacy_subject_request",
    ),
    path("noodtoegang/", privacy_views.emergency_access, name="emergency_access"),
    path("samenvoegen/", include("klantbeeld.workspace.merge_urls")),
    path("inbox/", include("klantbeeld.workspace.inbox_urls")),
    path("kanalen/", include("klantbeeld.workspace.channel_urls")),
]
