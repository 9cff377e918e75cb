"""The knowledge base of one organisation: topics, example questions, answers in three styles,
links and decision trees for standard tasks (issue 6, item 1; BOT-*, TONE-*, FB-*).

A knowledge base is one document, shaped like ``knowledge/<org>.yaml``. This module reads and
checks that shape into frozen dataclasses, and writes it back (YAML export). A document that
does not fit is refused as a whole with :class:`KnowledgeError`, whose messages are Dutch and
name the place (``onderwerpen[3].antwoorden[1]: stijl 'kort' ontbreekt``), so that an editor in
the admin sees what to fix and the assistant never runs on half a knowledge base.

The packaged files are the demo organisations' starting point (TAXONOMY.md fixes their topic
ids); ``escalation.yaml`` holds the messages for which a person takes over at once, shared by
all organisations.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent / "knowledge"
STYLES = ("kort", "uitgebreid", "geruststellend")
SLOT_KINDS = (
    "text",
    "number",
    "date",
    "choice",
    "yes_no",
    "email",
    "phone",
    "postcode",
    "timeslot",
)
PREFILLS = ("", "name", "email", "phone", "address", "postcode", "customer_number")
ESCALATION_REASONS = (
    "person",
    "bereavement",
    "health_safety",
    "financial_distress",
    "anger_repeat",
    "complex",
)
MIN_EXAMPLES = 15  # issue 6: at least 15 varied example questions per topic
CALLBACK_TASK = "terugbelverzoek"


class KnowledgeError(ValueError):
    """A knowledge document that does not fit; ``problems`` lists every place, in Dutch."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Slot:
    """One question of a decision tree; ``prefill`` names what is already known about the party."""

    id: str
    ask: str
    kind: str = "text"
    prefill: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Task:
    """A standard task as a decision tree: slots asked in order, then confirmation and next steps."""

    id: str
    name: str
    slots: tuple[Slot, ...]
    confirmation: str
    next_steps: str = ""
    creates_work: bool = False

    def slot(self, slot_id: str) -> Slot:
        return next(slot for slot in self.slots if slot.id == slot_id)


@dataclass(frozen=True)
class Answer:
    id: str
    question: str
    styles: Mapping[str, str]
    keywords: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    task: str = ""

    def text(self, style: str) -> str:
        """The answer in ``style``; an unknown style falls back to *kort & zakelijk*."""
        return self.styles.get(style) or self.styles["kort"]


@dataclass(frozen=True)
class TopicKnowledge:
    id: str
    name: str
    examples: tuple[str, ...]
    answers: tuple[Answer, ...]
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    organisation: str
    name: str
    topics: tuple[TopicKnowledge, ...]
    callback_task: Task | None = None

    def topic(self, topic_id: str) -> TopicKnowledge | None:
        return next((topic for topic in self.topics if topic.id == topic_id), None)

    def answer(self, answer_id: str) -> Answer | None:
        return next((answer for answer in self.answers() if answer.id == answer_id), None)

    def task(self, task_id: str) -> Task | None:
        return next((task for task in self.tasks() if task.id == task_id), None)

    def answers(self) -> Iterator[Answer]:
        for topic in self.topics:
            yield from topic.answers

    def tasks(self) -> Iterator[Task]:
        for topic in self.topics:
            yield from topic.tasks
        if self.callback_task is not None:
            yield self.callback_task

    def topic_of_answer(self, answer_id: str) -> TopicKnowledge | None:
        return next(
            (t for t in self.topics if any(a.id == answer_id for a in t.answers)),
            None,
        )


@dataclass(frozen=True)
class EscalationExamples:
    """Training messages per escalation reason (TAXONOMY.md), and look-alikes that need no person."""

    reasons: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str] = field(default_factory=dict)
    hard_negatives: tuple[str, ...] = ()


class _Reader:
    """Collects every problem of a document instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problems.append(f"{where}: '{key}' ontbreekt")
            return ""
        if not isinstance(value, str | int | float):
            self.problems.append(f"{where}: '{key}' moet tekst zijn")
            return ""
        return str(value).strip()

    def items(self, data: Mapping[str, Any], key: str, where: str) -> list[Any]:
        value = data.get(key) or []
        if not isinstance(value, list):
            self.problems.append(f"{where}: '{key}' moet een lijst zijn")
            return []
        return value

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            self.problems.append(f"{where}: verwacht een blok met velden")
            return {}
        return value

    def strings(self, data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        values = []
        for index, value in enumerate(self.items(data, key, where)):
            if not isinstance(value, str | int | float) or not str(value).strip():
                self.problems.append(f"{where}.{key}[{index}]: lege of ongeldige tekst")
                continue
            values.append(str(value).strip())
        return tuple(values)

    def slot(self, raw: Any, where: str) -> Slot:
        data = self.mapping(raw, where)
        kind = self.text(data, "kind", where, required=False) or "text"
        prefill = self.text(data, "prefill", where, required=False)
        if kind not in SLOT_KINDS:
            self.problems.append(f"{where}: soort '{kind}' bestaat niet ({', '.join(SLOT_KINDS)})")
        if prefill not in PREFILLS:
            self.problems.append(f"{where}: voorinvulling '{prefill}' bestaat niet")
        # "options" is accepted as another word for the choices an editor may use.
        choices = self.strings(data, "choices" if "choices" in data else "options", where)
        if kind == "choice" and not choices:
            self.problems.append(f"{where}: een keuzevraag heeft 'choices' nodig")
        return Slot(
            id=self.text(data, "id", where),
            ask=self.text(data, "ask", where),
            kind=kind,
            prefill=prefill,
            choices=choices,
        )

    def task(self, raw: Any, where: str) -> Task:
        data = self.mapping(raw, where)
        slots = tuple(
            self.slot(slot, f"{where}.slots[{index}]")
            for index, slot in enumerate(self.items(data, "slots", where))
        )
        if not slots:
            self.problems.append(f"{where}: een taak heeft minstens één vraag (slot) nodig")
        self.unique([slot.id for slot in slots], f"{where}.slots")
        return Task(
            id=self.text(data, "id", where),
            name=self.text(data, "name", where),
            slots=slots,
            confirmation=self.text(data, "confirmation", where),
            next_steps=self.text(data, "next_steps", where, required=False),
            creates_work=bool(data.get("creates_work", False)),
        )

    def answer(self, raw: Any, where: str) -> Answer:
        data = self.mapping(raw, where)
        styles_raw = self.mapping(data.get("styles") or {}, f"{where}.styles")
        styles = {}
        for style in STYLES:
            text = self.text(styles_raw, style, f"{where}.styles")
            if text:
                styles[style] = text
        links = []
        for index, link_raw in enumerate(self.items(data, "links", where)):
            link = self.mapping(link_raw, f"{where}.links[{index}]")
            url = self.text(link, "url", f"{where}.links[{index}]")
            if url and not url.startswith(("https://", "http://", "tel:", "mailto:")):
                self.problems.append(f"{where}.links[{index}]: '{url}' is geen webadres")
            links.append(Link(title=self.text(link, "title", f"{where}.links[{index}]"), url=url))
        return Answer(
            id=self.text(data, "id", where),
            question=self.text(data, "question", where),
            styles=styles,
            keywords=self.strings(data, "keywords", where),
            links=tuple(links),
            task=self.text(data, "task", where, required=False),
        )

    def topic(self, raw: Any, where: str) -> TopicKnowledge:
        data = self.mapping(raw, where)
        examples = self.strings(data, "examples", where)
        if len(set(examples)) < MIN_EXAMPLES:
            self.problems.append(
                f"{where}: {len(set(examples))} verschillende voorbeeldvragen, "
                f"minstens {MIN_EXAMPLES} nodig"
            )
        answers = tuple(
            self.answer(answer, f"{where}.answers[{index}]")
            for index, answer in enumerate(self.items(data, "answers", where))
        )
        if not answers:
            self.problems.append(f"{where}: een onderwerp heeft minstens één antwoord nodig")
        tasks = tuple(
            self.task(task, f"{where}.tasks[{index}]")
            for index, task in enumerate(self.items(data, "tasks", where))
        )
        return TopicKnowledge(
            id=self.text(data, "id", where),
            name=self.text(data, "name", where),
            examples=examples,
            answers=answers,
            tasks=tasks,
        )

    def unique(self, ids: list[str], where: str) -> None:
        seen: set[str] = set()
        for identifier in ids:
            if identifier in seen:
                self.problems.append(f"{where}: '{identifier}' komt twee keer voor")
            seen.add(identifier)


def knowledge_parse(
    document: Any, *, topic_ids: tuple[str, ...] = (), organisation: str = ""
) -> KnowledgeBase:
    """Read a knowledge document (parsed YAML or JSON) into a :class:`KnowledgeBase`.

    ``topic_ids``, when given, are the organisation's topics: each must be covered, and no
    other may appear (TAXONOMY.md fixes them); ``organisation``, when given, must be the
    document's. Raises :class:`KnowledgeError` listing every problem.
    """
    reader = _Reader()
    data = reader.mapping(document, "kennisbank")
    named = str(data.get("organisation") or "")
    if organisation and named and named != organisation:
        raise KnowledgeError([f"deze kennisbank is van '{named}', niet van '{organisation}'"])
    topics = tuple(
        reader.topic(topic, f"topics[{index}]")
        for index, topic in enumerate(reader.items(data, "topics", "kennisbank"))
    )
    callback_raw = data.get("callback_task")
    callback = reader.task(callback_raw, "callback_task") if callback_raw else None
    if callback is not None and callback.id != CALLBACK_TASK:
        reader.problems.append(f"callback_task: id moet '{CALLBACK_TASK}' zijn")
    kb = KnowledgeBase(
        organisation=reader.text(data, "organisation", "kennisbank"),
        name=reader.text(data, "name", "kennisbank"),
        topics=topics,
        callback_task=callback,
    )
    reader.unique([topic.id for topic in topics], "topics")
    reader.unique([answer.id for answer in kb.answers()], "antwoorden")
    reader.unique([task.id for task in kb.tasks()], "taken")
    task_ids = {task.id for task in kb.tasks()}
    for answer in kb.answers():
        if answer.task and answer.task not in task_ids:
            reader.problems.append(f"antwoord '{answer.id}': taak '{answer.task}' bestaat niet")
    if topic_ids:
        present = {topic.id for topic in topics}
        for missing in sorted(set(topic_ids) - present):
            reader.problems.append(f"onderwerp '{missing}' ontbreekt")
        for unknown in sorted(present - set(topic_ids)):
            reader.problems.append(f"onderwerp '{unknown}' hoort niet bij deze organisatie")
    if reader.problems:
        raise KnowledgeError(reader.problems)
    return kb


def knowledge_yaml_parse(
    text: str, *, topic_ids: tuple[str, ...] = (), organisation: str = ""
) -> KnowledgeBase:
    """Parse YAML text; a syntax error becomes a :class:`KnowledgeError` with the line."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" (regel {mark.line + 1})" if mark is not None else ""
        raise KnowledgeError([f"de tekst is geen geldige YAML{line}"]) from error
    return knowledge_parse(document, topic_ids=topic_ids, organisation=organisation)


def knowledge_document(kb: KnowledgeBase) -> dict[str, Any]:
    """The document form of ``kb`` (the YAML/JSON shape ``knowledge_parse`` reads)."""

    def task_doc(task: Task) -> dict[str, Any]:
        return {
            "id": task.id,
            "name": task.name,
            "slots": [
                {
                    "id": slot.id,
                    "ask": slot.ask,
                    "kind": slot.kind,
                    **({"prefill": slot.prefill} if slot.prefill else {}),
                    **({"choices": list(slot.choices)} if slot.choices else {}),
                }
                for slot in task.slots
            ],
            "confirmation": task.confirmation,
            **({"next_steps": task.next_steps} if task.next_steps else {}),
            "creates_work": task.creates_work,
        }

    document: dict[str, Any] = {
        "organisation": kb.organisation,
        "name": kb.name,
        "topics": [
            {
                "id": topic.id,
                "name": topic.name,
                "examples": list(topic.examples),
                "answers": [
                    {
                        "id": answer.id,
                        "question": answer.question,
                        "keywords": list(answer.keywords),
                        "styles": {style: answer.styles[style] for style in STYLES},
                        "links": [{"title": ln.title, "url": ln.url} for ln in answer.links],
                        **({"task": answer.task} if answer.task else {}),
                    }
                    for answer in topic.answers
                ],
                "tasks": [task_doc(task) for task in topic.tasks],
            }
            for topic in kb.topics
        ],
    }
    if kb.callback_task is not None:
        document["callback_task"] = task_doc(kb.callback_task)
    return document


def knowledge_yaml(kb: KnowledgeBase) -> str:
    """YAML export, readable and diffable (keys in document order, Unicode kept)."""
    return yaml.safe_dump(
        knowledge_document(kb), allow_unicode=True, sort_keys=False, width=100, indent=2
    )


def packaged_knowledge_text(organisation: str) -> str:
    """The YAML text of a demo organisation's packaged knowledge base."""
    path = KNOWLEDGE_DIR / f"{organisation}.yaml"
    if not path.is_file():
        raise KnowledgeError([f"geen meegeleverde kennisbank voor '{organisation}'"])
    return path.read_text(encoding="utf-8")


@cache
def packaged_knowledge(organisation: str) -> KnowledgeBase:
    return knowledge_yaml_parse(packaged_knowledge_text(organisation))


@cache
def escalation_examples() -> EscalationExamples:
    """The shared escalation training messages (``knowledge/escalation.yaml``)."""
    document = yaml.safe_load((KNOWLEDGE_DIR / "escalation.yaml").read_text(encoding="utf-8"))
    reader = _Reader()
    reasons_raw = reader.mapping(document.get("reasons") or {}, "reasons")
    reasons: dict[str, tuple[str, ...]] = {}
    labels: dict[str, str] = {}
    for reason in ESCALATION_REASONS:
        block = reader.mapping(reasons_raw.get(reason) or {}, f"reasons.{reason}")
        reasons[reason] = reader.strings(block, "examples", f"reasons.{reason}")
        labels[reason] = reader.text(block, "label", f"reasons.{reason}")
    hard_negatives = reader.strings(document, "hard_negatives", "escalation")
    if reader.problems:
        raise KnowledgeError(reader.problems)
    return EscalationExamples(reasons=reasons, labels=labels, hard_negatives=hard_negatives)
