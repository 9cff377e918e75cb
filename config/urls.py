from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from klantbeeld.workspace.forms import LoginForm

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="workspace:home", permanent=False)),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(
            template_name="workspace/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("workspace/", include("klantbeeld.workspace.urls")),
    path("admin/", admin.site.urls),
]
