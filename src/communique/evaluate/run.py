"""Run every gold set in ../shared/eval with its own scorer and collect the figures.

The scorers are the shared, stdlib-only scripts; we only produce system output
in the format each expects, run the scorer with --json, and read its figures.
Floors per headline figure live in eval/baseline.json (trafilatura-style gate).
"""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_SHARED = REPO_ROOT.parent / "shared"
BASELINE = REPO_ROOT / "eval" / "baseline.json"


@dataclass(frozen=True)
class Suite:
    """One gold set: what to feed the system, which scorer, which figures to keep."""

    name: str
    gold: str
    system: str
    scorer: str
    figures: dict[str, tuple[str, ...]]
    system_input: str | None = None
    scorer_args: tuple[str, ...] = ()
    informative: bool = False


SUITES = (
    Suite("seeds", "eval/seeds/gold.jsonl", "extract", "eval/score.py", {
        "quote_span_f1": ("quote_span", "f"),
        "quote_speaker_f1": ("quote_attributed", "f"),
        "event_p": ("event", "p"),
        "event_f1": ("event", "f"),
        "event_loose_f1": ("event_loose", "f"),
        "actor_f1": ("actor", "f"),
        "event_date_accuracy": ("event_date_accuracy",),
        "pub_date_accuracy": ("pub_date_accuracy",),
    }, system_input="seeds/seeds.jsonl"),
    Suite("gsr", "eval/petrarch2/gsr_validation.jsonl", "code", "eval/score_codes.py", {
        "loose_f1": ("loose", "f"), "strict_f1": ("strict", "f")}),
    Suite("plover", "eval/petrarch2/plover_gsr_cameo.jsonl", "code", "eval/score_codes.py", {
        "loose_f1": ("loose", "f")}, scorer_args=("--plover",)),
    Suite("petrarch_unit", "eval/petrarch2/validation.jsonl", "code", "eval/score_codes.py", {
        "loose_f1": ("loose", "f")}, informative=True),
    Suite("temporal", "eval/temporal/gold.jsonl", "timex", "eval/score_timex.py", {
        "span_f1": ("relaxed", 2),
        "date_value_accuracy": ("date_value_accuracy_matched",),
        "value_f1": ("value_f1",)}),
    Suite("quotes", "eval/quotes/gold.jsonl", "extract", "eval/score.py", {
        "quote_recall": ("quote_span", "r"),
        "quote_speaker_recall": ("quote_attributed", "r")}),
)


def _read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _extract(path: Path) -> Iterator[dict]:
    from communique.jobs import records_from
    from communique.records import InputFailure

    for item in records_from([str(path)]):
        if isinstance(item, InputFailure):
            log.warning("eval input failed: %s: %s", item.input, item.reason)
        else:
            yield item.to_dict()


def _code(path: Path) -> Iterator[dict]:
    from communique.events.coding import code_records

    return code_records(_read_jsonl(path))


def _timex(path: Path) -> Iterator[dict]:
    from communique.temporal.component import timex_records

    return timex_records(_read_jsonl(path))


PRODUCERS: dict[str, Callable[[Path], Iterable[dict]]] = {
    "extract": _extract, "code": _code, "timex": _timex}


def _dig(data: dict, path: tuple) -> float | None:
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return float(data) if isinstance(data, (int, float)) else None


def score(scorer: Path, gold: Path, system: Path, args: tuple[str, ...] = ()) -> dict:
    """Run a shared scorer with --json and return its parsed figures."""
    proc = subprocess.run([sys.executable, str(scorer), str(gold), str(system), *args, "--json"],
                          capture_output=True, text=True, check=True)
    text = proc.stdout
    return json.loads(text[text.index("{"):text.rindex("}") + 1])


def run_suite(suite: Suite, shared: Path, workdir: Path) -> dict:
    """Produce system output for one suite, score it, and return its figures."""
    gold = shared / suite.gold
    source = shared / (suite.system_input or suite.gold)
    system_path = workdir / f"{suite.name}.system.jsonl"
    with system_path.open("w", encoding="utf-8") as fh:
        for record in PRODUCERS[suite.system](source):
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    raw = score(shared / suite.scorer, gold, system_path, suite.scorer_args)
    return {"figures": {name: _dig(raw, path) for name, path in suite.figures.items()},
            "raw": raw, "system_output": str(system_path)}


def run_eval(shared: Path = DEFAULT_SHARED, only: list[str] | None = None,
             keep_dir: Path | None = None) -> dict[str, dict]:
    """Run the suites (all, or those named) and return {suite: {figures, raw}}.

    Args:
        shared: the ../shared folder holding eval/ and seeds/.
        only: suite names to run; all when None.
        keep_dir: where to keep system outputs (a temporary folder when None).
    Returns:
        Results per suite; a suite that fails to run carries an "error".
    """
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        workdir = keep_dir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for suite in SUITES:
            if only and suite.name not in only:
                continue
            try:
                results[suite.name] = run_suite(suite, shared, workdir)
            except Exception as error:  # noqa: BLE001 - one stage must not hide the others
                log.warning("suite %s failed: %s", suite.name, error)
                results[suite.name] = {"figures": {}, "error": f"{type(error).__name__}: {error}"}
            results[suite.name]["informative"] = suite.informative
    return results


def load_floors(path: Path = BASELINE) -> dict[str, dict[str, float]]:
    """Return the pinned floors {suite: {figure: floor}}."""
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("floors", {})


def below_floor(results: dict[str, dict], floors: dict[str, dict[str, float]]
                ) -> list[tuple[str, str, float | None, float]]:
    """Return (suite, figure, value, floor) for every figure under its floor."""
    misses = []
    for suite, figures in floors.items():
        if suite not in results:
            continue
        got = results[suite].get("figures", {})
        for name, floor in figures.items():
            value = got.get(name)
            if value is None or value < floor - 1e-9:
                misses.append((suite, name, value, floor))
    return misses


def changed_gold(shared: Path = DEFAULT_SHARED, path: Path = BASELINE) -> list[str]:
    """Return the gold files whose checksum differs from the pinned one (figures not comparable)."""
    if not path.exists():
        return []
    pinned = json.loads(path.read_text(encoding="utf-8")).get("gold_sha256", {})
    return [rel for rel, digest in pinned.items()
            if (shared / rel).exists()
            and hashlib.sha256((shared / rel).read_bytes()).hexdigest() != digest]
