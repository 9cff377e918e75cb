"""wrk (Debian package ``wrk``) as the API benchmark's load generator, when it is installed.

wrk is an event-driven C client: on this 2-core machine it takes a few per cent of one core
where the Python clients of ``bench.api_load`` take several times that from the server they
share the machine with. The requests are the same: the Python recipe of each call draws
``REQUESTS`` of them (a random partij each) into a file, and a small Lua script formats them
once per wrk thread and sends them in turn from a random offset. The script counts the answers
by status, keeps a few error bodies, and prints its results as tab-separated lines.
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from bench.api_load import ERROR_BODY_CHARS, ERROR_SAMPLES, Recipe, RunResult, Target

REQUESTS = 20_000  # distinct requests per call; a 20 s run sends fewer than that at 8 clients
WORK_DIR = Path(__file__).resolve().parent.parent / "var" / "bench"

SCRIPT = """
local requests, count, index = {}, 0, 0
statuses, samples = {}, {}
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  local post_headers = {}
  for name, value in pairs(wrk.headers) do post_headers[name] = value end
  post_headers["Content-Type"] = "application/json"
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+)\\t([^\\t]*)\\t(.*)$")
    count = count + 1
    if body == "" then
      requests[count] = wrk.format(method, path, wrk.headers, nil)
    else
      requests[count] = wrk.format(method, path, post_headers, body)
    end
  end
  math.randomseed(tonumber(args[2]) * 100 + id)
  index = math.random(count) - 1
end

function request()
  index = index % count + 1
  return requests[index]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if (status < 200 or status > 299) and #samples < MAX_SAMPLES then
    samples[#samples + 1] = status .. " " .. body:sub(1, BODY_CHARS):gsub("[\\r\\n\\t]", " ")
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT\\t%d\\t%d\\t%d\\t%d\\t%d\\t%d\\t%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.max, e.connect + e.read + e.write + e.timeout))
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do
      io.write(string.format("STATUS\\t%d\\t%d\\n", status, n))
    end
    for _, sample in ipairs(thread:get("samples")) do
      io.write("SAMPLE\\t" .. sample .. "\\n")
    end
  end
end
""".replace("MAX_SAMPLES", str(ERROR_SAMPLES)).replace("BODY_CHARS", str(ERROR_BODY_CHARS))


def wrk_path() -> str | None:
    return shutil.which("wrk")


def requests_write(key: str, recipe: Recipe, seed: int) -> Path:
    """``REQUESTS`` requests of one call, one a line: method, path, JSON body or nothing."""
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    path = WORK_DIR / f"api-wrk-{key}.tsv"
    rng = random.Random(f"{seed}:{key}")
    with path.open("w") as out:
        for _ in range(REQUESTS):
            method, target_path, body = recipe(rng)
            out.write(f"{method}\t{target_path}\t{body.decode() if body else ''}\n")
    return path


def script_write() -> Path:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    path = WORK_DIR / "api-wrk.lua"
    path.write_text(SCRIPT)
    return path


def run(target: Target, requests: Path, *, clients: int, seconds: float, seed: int) -> RunResult:
    """wrk with one connection per client and one thread per core (at most one per client)."""
    wrk, script = wrk_path(), script_write()
    if wrk is None:
        raise RuntimeError("wrk is not installed")
    headers = [
        part
        for name, value in target.headers.items()
        if name != "Host"
        for part in ("-H", f"{name}: {value}")
    ]
    command = [
        *(wrk, f"--connections={clients}", f"--threads={min(clients, 2)}"),
        *(f"--duration={max(1, round(seconds))}s", "--timeout=30s", f"--script={script}"),
        *headers,
        f"http://{target.host}:{target.port}/",
        *("--", str(requests), str(seed)),
    ]
    before = _children_cpu()
    finished = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if finished.returncode != 0 or "RESULT\t" not in finished.stdout:
        raise RuntimeError(f"wrk failed ({finished.returncode}): {finished.stderr.strip()}")
    return _parsed(finished.stdout, clients, _children_cpu() - before)


def _parsed(output: str, clients: int, cpu_seconds: float) -> RunResult:
    statuses: Counter[int] = Counter()
    samples: list[str] = []
    figures: list[int] = []
    for line in output.splitlines():
        kind, _, rest = line.partition("\t")
        if kind == "RESULT":
            figures = [int(value) for value in rest.split("\t")]
        elif kind == "STATUS":
            status, count = rest.split("\t")
            statuses[int(status)] += int(count)
        elif kind == "SAMPLE" and len(samples) < ERROR_SAMPLES:
            samples.append(rest)
    requests, duration_us, p50, p95, p99, slowest, transport_errors = figures
    if transport_errors:
        statuses[0] += transport_errors
    return RunResult(
        clients=clients,
        requests=requests,
        p50=p50 / 1000,
        p95=p95 / 1000,
        p99=p99 / 1000,
        max=slowest / 1000,
        statuses=statuses,
        error_samples=samples,
        cpu_seconds=cpu_seconds,
        wall_seconds=duration_us / 1e6,
        tool="wrk",
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
