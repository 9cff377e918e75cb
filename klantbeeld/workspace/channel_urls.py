"""Phone, counter and post room pages, included by workspace/urls.py under ``kanalen/``;
names start ``channel_``."""

from django.urls import path

from klantbeeld.workspace import counter_views, phone_views, post_views

urlpatterns = [
    path("telefoon/", phone_views.phone_call, name="channel_phone"),
    path(
        "telefoon/gesprek/<uuid:call_uuid>/notities/",
        phone_views.phone_notes,
        name="channel_phone_notes",
    ),
    path(
        "telefoon/gesprek/<uuid:call_uuid>/terugbellen/",
        phone_views.phone_callback,
        name="channel_phone_callback",
    ),
    path(
        "telefoon/terugbellen/<uuid:callback_uuid>/afgerond/",
        phone_views.phone_callback_done,
        name="channel_phone_callback_done",
    ),
    path("balie/", counter_views.counter_home, name="channel_counter"),
    path("balie/<str:location_code>/", counter_views.counter_day, name="channel_counter_day"),
    path(
        "balie/<str:location_code>/inloop/",
        counter_views.counter_walk_in,
        name="channel_counter_walk_in",
    ),
    path(
        "balie/<str:location_code>/afspraak/<uuid:appointment_uuid>/aanmelden/",
        counter_views.counter_arrived,
        name="channel_counter_arrived",
    ),
    path(
        "balie/<str:location_code>/bezoek/<uuid:visit_uuid>/oproepen/",
        counter_views.counter_call,
        name="channel_counter_call",
    ),
    path(
        "balie/<str:location_code>/bezoek/<uuid:visit_uuid>/vertrokken/",
        counter_views.counter_left,
        name="channel_counter_left",
    ),
    path(
        "balie/<str:location_code>/bezoek/<uuid:visit_uuid>/afronden/",
        counter_views.counter_complete,
        name="channel_counter_complete",
    ),
    path("postkamer/", post_views.post_upload, name="channel_post"),
]
