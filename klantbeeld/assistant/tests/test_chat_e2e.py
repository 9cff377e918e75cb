"""A citizen chats with the digital assistant on the municipality's site and an employee
continues the conversation, in real browsers over a real WebSocket (issue 6, items 3 and 4;
issue 5, "Web chat"; BOT-*, CHAT-01, CH-09).

daphne serves HTTP and the web chat's socket from one process (see chat_server.py); messages
are processed inline, so the assistant answers inside the consumer and the employee's reply
reaches the citizen's open widget through the in-memory channel layer. Two browser contexts:
the citizen without login, the employee logged in to the workspace. Both work by keyboard.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from playwright.sync_api import Browser, Page, expect

from klantbeeld.channels.models import ChannelAccount
from klantbeeld.core.constants import Channel
from klantbeeld.routing.models import Agent, Queue, SlaPolicy
from tests.factories import PASSWORD

from .chat_server import REPO, ChatServer, database_url

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WAIT_MS = 15_000
QUESTION = "Mijn container is vandaag niet geleegd"
REPLY = "Ik zie dat u een vraag heeft over uw container. We legen hem morgen alsnog."
# The root conftest scans every *.log here for personal data; the server's log is one of them.
LOG_DIR = REPO / "var" / "test-logs"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.1 A or AA violation (as in the workspace's browser tests)."""
    results = Axe().run(page, options=WCAG)
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture
def municipality(provider, front_office, assistant_on):
    """Web chat and the assistant as the demo sets them up; the front office in the queue."""
    ChannelAccount.objects.create(
        provider=provider, channel=Channel.WEB_CHAT, name="Webchat", address=provider.code
    )
    SlaPolicy.objects.create(
        provider=provider,
        channel=Channel.WEB_CHAT,
        first_response_minutes=2,
        resolution_minutes=1440,
    )
    agent = Agent.objects.create(actor=front_office.actor, capacity=6)
    agent.queues.set(Queue.objects.filter(provider=provider))
    return provider


@pytest.fixture
def chat_server(municipality, tmp_path):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    server = ChatServer(
        database=database_url(connection, tmp_path),
        organisation=municipality.code,
        directory=tmp_path,
        log_file=tmp_path / "chat-server.log",
    )
    try:
        yield server.start()
    finally:
        server.stop()
        # Copied at the end: another run's start empties LOG_DIR while this one may be running.
        if server.log_file.exists():
            LOG_DIR.mkdir(parents=True, exist_ok=True)
            scanned = LOG_DIR / f"{worker}-chat-server.log"
            with scanned.open("a", encoding="utf-8") as out:
                out.write(server.log_file.read_text(encoding="utf-8", errors="replace"))


def _tab_until(page: Page, focused: str, presses: int = 40) -> None:
    """Press Tab, as a keyboard user, until the element the JS test ``focused`` names has it."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {focused})(document.activeElement)"):
            return
    raise AssertionError(f"nothing matching {focused!r} is reachable with Tab")


def _tab_to_text(page: Page, text: str) -> None:
    _tab_until(page, f"el && el.textContent.trim().startsWith({text!r})")


def _citizen_says(page: Page, text: str) -> None:
    """Into the widget's message field by Tab, typed, and sent with Enter (the widget's way)."""
    field = page.get_by_label("Uw bericht")
    if not page.evaluate("document.activeElement && document.activeElement.id === 'kb-chat-input'"):
        _tab_until(page, "el && el.id === 'kb-chat-input'")
    expect(field).to_be_focused()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def test_a_citizen_asks_the_assistant_and_an_employee_continues_the_chat(
    browser: Browser, chat_server: ChatServer, tmp_path: Path
):
    citizen_context = browser.new_context(locale="nl-NL")
    employee_context = browser.new_context(locale="nl-NL")
    try:
        citizen = citizen_context.new_page()
        employee = employee_context.new_page()

        # given: the municipality's site with the chat open, no login and no form first
        citizen.goto(f"{chat_server.url}/kanalen/webchat/gemeente/")
        expect(
            citizen.get_by_role("heading", name="Chat met Gemeente Dommelstad", level=1)
        ).to_be_visible(timeout=WAIT_MS)
        widget = citizen.locator("#kb-chat-panel")
        expect(widget.get_by_role("status").first).to_have_text("Verbonden.", timeout=WAIT_MS)
        log = widget.get_by_role("list", name="Berichten")
        ours = log.locator(".kb-chat__message--klant")
        theirs = log.locator(".kb-chat__message--medewerker")

        # when: the citizen asks a question
        _citizen_says(citizen, QUESTION)

        # then: stored (acknowledged), and the assistant answers as a bot, with the answer
        expect(ours.first).to_contain_text(QUESTION)
        expect(ours.first.locator(".kb-chat__state")).to_have_text(
            re.compile("afgeleverd|gelezen"), timeout=WAIT_MS
        )
        expect(theirs).to_have_count(1, timeout=WAIT_MS)
        expect(theirs.first).to_contain_text("digitale assistent")
        expect(theirs.first).to_contain_text("geen mens")
        expect(theirs.first).to_contain_text("binnen 1 werkdag")
        expect(citizen.get_by_label("Uw bericht")).to_be_focused()  # ready for the next one

        # when: the citizen asks for a person
        _citizen_says(citizen, "medewerker")

        # then: the warm handover, in the chat
        expect(theirs).to_have_count(2, timeout=WAIT_MS)
        expect(theirs.nth(1)).to_contain_text(
            re.compile("neemt uw vraag over|Ik geef uw vraag door")
        )
        expect(theirs.nth(1)).to_contain_text("U hoeft uw vraag niet opnieuw te stellen")

        # when: an employee of the front office logs in and opens the inbox by keyboard
        employee.goto(f"{chat_server.url}/inloggen/")
        employee.get_by_label("Gebruikersnaam").fill("kcc")
        employee.get_by_label("Wachtwoord").fill(PASSWORD)
        employee.get_by_label("Wachtwoord").press("Enter")
        expect(employee.get_by_role("heading", name="Klant zoeken")).to_be_visible(timeout=WAIT_MS)
        _tab_to_text(employee, "Inbox")
        employee.keyboard.press("Enter")
        expect(employee.get_by_role("heading", name="Inbox", level=1)).to_be_visible(
            timeout=WAIT_MS
        )
        _tab_to_text(employee, "Alles in mijn wachtrijen")  # the Inbox link opens "Mijn werk"
        employee.keyboard.press("Enter")
        item_link = employee.get_by_role("link", name=QUESTION)
        expect(item_link).to_be_visible(timeout=WAIT_MS)
        item_link.focus()
        employee.keyboard.press("Enter")

        # then: the assistant's summary is the first thing to read; no "what is your question?"
        expect(employee.get_by_role("heading", name=QUESTION, level=1)).to_be_visible(
            timeout=WAIT_MS
        )
        handover = employee.get_by_role("region", name=re.compile("^Overdracht"))
        expect(handover).to_contain_text("De inwoner vroeg om een medewerker.")
        expect(handover).to_contain_text("Samenvatting van de digitale assistent")
        expect(handover).to_contain_text(f"Vraag van de klant: “{QUESTION}”")
        expect(handover).to_contain_text("Ik zie dat u")

        assert_accessible(employee)

        # when: the employee answers in the web chat, by keyboard
        channel = employee.get_by_label("Antwoorden via")
        expect(channel).to_have_value(Channel.WEB_CHAT)  # where the citizen last wrote
        channel.select_option(Channel.WEB_CHAT)
        employee.get_by_label("Uw antwoord").focus()
        employee.keyboard.type(REPLY)
        _tab_to_text(employee, "Versturen")
        employee.keyboard.press("Enter")

        # then: sent through the web chat ...
        expect(employee.get_by_text("Uw antwoord gaat via webchat")).to_be_visible(timeout=WAIT_MS)
        # ... and the citizen sees it in the open chat, without a reload
        expect(theirs).to_have_count(3, timeout=WAIT_MS)
        expect(theirs.nth(2)).to_have_text(re.compile(re.escape(REPLY)))
        expect(ours.first.locator(".kb-chat__state")).to_have_text("gelezen")
        assert_accessible(citizen)
        citizen.screenshot(path=str(tmp_path / "chat-final.png"), full_page=True)
    finally:
        employee_context.close()
        citizen_context.close()
