"""The unified inbox (issue 5): the work list and one item with its composer and actions.

Thin (STYLE.md): the gate, the employee as a :class:`Worker`, one routing selector or one
service, a template. Reading needs CUSTOMER_VIEW; acting on an item needs CONTACT_REGISTER
(a reply, a note and a transfer are all part of the contact record). The rules — whose item
it is, the handover note, a reply's address — are in ``routing.services`` and
``channels.outbound``; their ValidationErrors appear on the form (HTTP 400, nothing changed),
their PermissionDenied is the 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from klantbeeld.channels.outbound import REPLY_CHANNELS, Reply, reply_address, reply_send
from klantbeeld.contacts.selectors import access_customer
from klantbeeld.core import clock
from klantbeeld.core.constants import Channel
from klantbeeld.privacy.constants import Activity
from klantbeeld.routing import selectors
from klantbeeld.routing.constants import WorkItemStatus
from klantbeeld.routing.services import (
    Worker,
    work_item_assign,
    work_item_claim,
    work_item_identify,
    work_item_note_add,
    work_item_release,
    work_item_resolve,
    work_item_transfer,
)
from klantbeeld.workspace.access import EmployeeRequest, employee_page
from klantbeeld.workspace.inbox_forms import (
    AssignForm,
    IdentifyForm,
    InboxFilterForm,
    NoteForm,
    ReplyForm,
    ResolveForm,
    TransferForm,
    service_errors_show,
)

LIVE_SECONDS = 10


def inbox_worker(request: EmployeeRequest) -> Worker:
    """The employee as the inbox sees them; an account without an employee record may read
    nothing here (there is no one to give the work to)."""
    actor = getattr(request.user, "actor", None)
    if actor is None or not actor.is_active:
        raise PermissionDenied(
            "Uw account is nog niet gekoppeld aan een medewerker. Vraag de functioneel "
            "beheerder dit te doen; daarna ziet u hier uw werk."
        )
    return Worker(
        accessor=request.accessor,
        actor=actor,
        may_distribute=request.user.has_perm("routing.distribute_work"),
    )


@require_GET
@employee_page(Activity.CUSTOMER_VIEW)
def inbox_home(request: EmployeeRequest) -> HttpResponse:
    worker = inbox_worker(request)
    filter_form = InboxFilterForm(request.GET)
    inbox = filter_form.to_filter()
    context = {
        "filter_form": filter_form,
        "inbox": inbox,
        "rows": selectors.work_item_list(worker=worker, inbox=inbox),
        "live": request.GET.get("live") != "uit",
        "live_seconds": LIVE_SECONDS,
        "query": request.GET.urlencode(),
        "may_distribute": worker.may_distribute,
        "now": clock.now(),
    }
    if request.htmx:
        return render(request, "workspace/inbox/home.html#items", context)
    context["summaries"] = selectors.queue_summaries(worker)
    return render(request, "workspace/inbox/home.html", context)


@require_GET
@employee_page(Activity.CUSTOMER_VIEW)
def inbox_item(request: EmployeeRequest, item_uuid: str) -> HttpResponse:
    return _item_page(request, inbox_worker(request), item_uuid)


def _item_page(
    request: EmployeeRequest,
    worker: Worker,
    item_uuid: str,
    bound: dict[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The item page; after a failed POST with that form bound, showing its errors."""
    bound = bound or {}
    detail = selectors.work_item_detail(worker=worker, item_uuid=item_uuid)
    item = detail.item
    templates = selectors.reply_templates_for(worker=worker, detail=detail)
    reply_form = bound.get("reply") or ReplyForm(
        addresses=_addresses(item), initial=_composer_initial(request, item.channel, templates)
    )
    colleagues = selectors.colleagues_for(worker)
    context = {
        "detail": detail,
        "item": item,
        "view": detail.customer,
        "party": detail.customer.party if detail.customer else None,
        "worker": worker,
        "is_mine": item.assigned_to_id == worker.actor.pk,
        "is_open": item.status != WorkItemStatus.DONE,
        "templates": templates,
        "chosen_template": request.GET.get("sjabloon", ""),
        "reply_form": reply_form,
        "note_form": bound.get("note") or NoteForm(),
        "transfer_form": bound.get("transfer")
        or TransferForm(queues=selectors.transfer_queues(worker), colleagues=colleagues),
        "assign_form": bound.get("assign") or AssignForm(colleagues=colleagues),
        "resolve_form": bound.get("resolve") or ResolveForm(),
        "identify_errors": _all_errors(bound.get("identify")),
        "now": clock.now(),
        "channel_name": dict(Channel.choices),
    }
    return render(request, "workspace/inbox/item.html", context, status=status)


def _all_errors(form: forms.Form | None) -> list[str]:
    if form is None:
        return []
    return [str(error) for errors in form.errors.values() for error in errors]


def _addresses(item: Any) -> dict[str, str]:
    """Where a reply would go in each channel, shown in the channel choice."""
    return {str(channel): reply_address(item.conversation, channel) for channel in REPLY_CHANNELS}


def _composer_initial(
    request: EmployeeRequest, channel: str, templates: list[selectors.FilledTemplate]
) -> dict[str, object]:
    """Default channel: the one the customer last wrote in; ``?sjabloon=`` fills the text
    (the template picker works without JavaScript)."""
    initial: dict[str, object] = {
        "channel": request.GET.get("kanaal")
        if request.GET.get("kanaal") in REPLY_CHANNELS
        else None
    }
    if not initial["channel"]:
        initial["channel"] = channel if channel in REPLY_CHANNELS else Channel.EMAIL
    chosen = request.GET.get("sjabloon", "")
    for entry in templates:
        if str(entry.template.uuid) == chosen:
            initial["body"] = entry.text
    return initial


Action = Callable[[EmployeeRequest, Worker, Any], HttpResponse]


def item_action(view: Action) -> Callable[..., HttpResponse]:
    """POST on one item: the gate, the worker, the item the worker may see, then ``view``."""

    @require_POST
    @employee_page(Activity.CONTACT_REGISTER)
    @wraps(view)
    def wrapped(request: EmployeeRequest, item_uuid: str) -> HttpResponse:
        worker = inbox_worker(request)
        item = selectors.access_work_item(worker=worker, item_uuid=item_uuid)
        return view(request, worker, item)

    return wrapped


def _to_item(item: Any) -> HttpResponse:
    return redirect("workspace:inbox_item", item_uuid=item.uuid)


@item_action
def inbox_claim(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    try:
        work_item_claim(worker=worker, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "U heeft dit werk opgepakt.")
    return _to_item(item)


@item_action
def inbox_release(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    try:
        work_item_release(worker=worker, item=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _to_item(item)
    messages.success(request, "Het werk staat weer in de wachtrij.")
    return redirect("workspace:inbox_home")


@item_action
def inbox_assign(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    form = AssignForm(request.POST, colleagues=selectors.colleagues_for(worker))
    if form.is_valid():
        try:
            work_item_assign(worker=worker, item=item, to=form.cleaned_data["to"])
        except ValidationError as exc:
            service_errors_show(form, exc)
        else:
            messages.success(request, f"Toegewezen aan {form.cleaned_data['to'].name}.")
            return _to_item(item)
    return _item_page(request, worker, item.uuid, {"assign": form}, status=400)


@item_action
def inbox_transfer(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    form = TransferForm(
        request.POST,
        queues=selectors.transfer_queues(worker),
        colleagues=selectors.colleagues_for(worker),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            moved = work_item_transfer(
                worker=worker,
                item=item,
                note=data["note"],
                to_queue=data["to_queue"],
                to_actor=data["to_actor"],
            )
        except ValidationError as exc:
            service_errors_show(form, exc)
        else:
            target = data["to_actor"].name if data["to_actor"] else moved.queue.name
            messages.success(request, f"Overgedragen aan {target}, met uw overdrachtsnotitie.")
            return redirect("workspace:inbox_home")
    return _item_page(request, worker, item.uuid, {"transfer": form}, status=400)


@item_action
def inbox_note(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            work_item_note_add(worker=worker, item=item, note=form.cleaned_data["note"])
        except ValidationError as exc:
            service_errors_show(form, exc)
        else:
            messages.success(request, "De interne notitie is opgeslagen.")
            return _to_item(item)
    return _item_page(request, worker, item.uuid, {"note": form}, status=400)


@item_action
def inbox_resolve(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            work_item_resolve(worker=worker, item=item, note=form.cleaned_data["note"])
        except ValidationError as exc:
            service_errors_show(form, exc)
        else:
            messages.success(request, "Het werk is afgehandeld.")
            return redirect("workspace:inbox_home")
    return _item_page(request, worker, item.uuid, {"resolve": form}, status=400)


@item_action
def inbox_reply(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    form = ReplyForm(request.POST, addresses=_addresses(item))
    if form.is_valid():
        reply: Reply = form.to_reply()
        try:
            outbound = reply_send(worker=worker, item=item, reply=reply)
        except ValidationError as exc:
            service_errors_show(form, exc)
        else:
            where = (
                f" naar {outbound.to_address}"
                if outbound.to_address and outbound.channel != Channel.WEB_CHAT
                else ""
            )
            messages.success(
                request,
                f"Uw antwoord gaat via {str(outbound.get_channel_display()).lower()}{where}.",
            )
            return _to_item(item)
    return _item_page(request, worker, item.uuid, {"reply": form}, status=400)


@item_action
def inbox_identify(request: EmployeeRequest, worker: Worker, item: Any) -> HttpResponse:
    form = IdentifyForm(request.POST, candidates=item.candidates)
    if form.is_valid():
        party = access_customer(
            accessor=worker.accessor,
            party_uuid=form.cleaned_data["party"],
            activity=Activity.CONTACT_REGISTER,
        )
        try:
            work_item_identify(worker=worker, item=item, party=party)
        except ValidationError as exc:
            service_errors_show(form, exc)
        else:
            messages.success(request, f"Bevestigd: dit bericht is van {party.display_name}.")
            return _to_item(item)
    return _item_page(request, worker, item.uuid, {"identify": form}, status=400)
