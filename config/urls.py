from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from klantbeeld.workspace import account

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="workspace:home", permanent=False)),
    path("inloggen/", account.login, name="login"),
    path("inloggen/tweestapsverificatie/", account.two_factor_setup, name="two_factor_setup"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/", include("klantbeeld.workspace.urls")),
    path("klantinteracties/api/v1/", include("klantbeeld.api.urls")),
    path("kanalen/", include("klantbeeld.channels.urls")),
    path("admin/", admin.site.urls),
]
