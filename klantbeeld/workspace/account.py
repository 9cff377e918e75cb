"""Logging in and enrolling in two-factor login (PRIV-06). Thin: the rules are in
``core.two_factor``; throttling is django-axes."""

from __future__ import annotations

import base64

from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from klantbeeld.core import two_factor
from klantbeeld.workspace.forms import LoginForm, TwoFactorForm


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return _landing_page(request)


def _landing_page(request: HttpRequest) -> str:
    """The first page the employee's role may open: the privacy officer lands on the register."""
    user = request.user
    if user.has_perm("privacy.customer_search") or not user.has_perm("privacy.register_manage"):
        return resolve_url("workspace:home")
    return resolve_url("workspace:privacy_register")


@sensitive_post_parameters("password", "code")
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.method == "GET":
        return redirect(_next_url(request))
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.get_user())
        if form.otp_device is not None:
            otp_login(request, form.otp_device)
        return redirect(_next_url(request))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "workspace/login.html", context, status=status)


@login_required
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type the first code."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_url(request))
    device = two_factor.enrolment_device(request.user)  # type: ignore[arg-type]
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if two_factor.enrolment_confirm(device, form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "code",
            "Deze code klopt niet. Controleer de tijd op uw telefoon en probeer de nieuwe code.",
        )
    context = {
        "form": form,
        "qr_svg": two_factor.provisioning_svg(device),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": request.GET.get("next", ""),
    }
    return render(request, "workspace/two_factor.html", context, status=400 if form.errors else 200)
