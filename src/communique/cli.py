"""The command line: thin Typer wrappers over library functions.

Data goes to stdout; progress, warnings and errors to stderr. A failing input
never aborts a batch: it is reported naming the input, and the exit code is 1.
"""

from __future__ import annotations

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from communique.errors import CommuniqueError

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Read diplomatic news into a dated, source-backed record.")
err = Console(stderr=True)
out = Console(highlight=False, soft_wrap=True)


class Format(StrEnum):
    """Output formats shared by the commands."""

    jsonl = "jsonl"
    json = "json"
    table = "table"


DbOption = Annotated[str, typer.Option("--db", envvar="COMMUNIQUE_DB",
                                       help="DuckDB file of the store.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
DEFAULT_DB = "communique.duckdb"


def progress() -> Progress:
    """Return a rich progress bar on stderr (silent when stderr is not a terminal)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


def report_failure(source: str, reason: str) -> None:
    """Print one input's failure on stderr, naming the input."""
    err.print(f"[red]error[/red] {source}: {reason}", highlight=False, markup=True)


def emit(rows: list[dict], fmt: Format, columns: list[str] | None = None) -> None:
    """Print rows as JSON lines, one JSON array, or a table."""
    if fmt is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif fmt is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    else:
        columns = columns or (list(rows[0]) if rows else [])
        table = Table(*columns)
        for row in rows:
            table.add_row(*[_cell(row.get(c)) for c in columns])
        out.print(table)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def fail(error: CommuniqueError) -> typer.Exit:
    """Print a coded error on stderr and return the exit to raise."""
    err.print(f"[red]error[/red] {error}", markup=True, highlight=False)
    return typer.Exit(error.exit_code)


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details.")] = False
         ) -> None:
    """Configure logging for the whole run."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


# --- core commands (ingest, extract, articles, demo) ---

InputsArg = Annotated[list[str], typer.Argument(
    help="Files, folders, URLs, feeds, JSONL/CSV tables, or - for stdin.")]
DateOption = Annotated[str | None, typer.Option(
    "--date", help="Publication date (YYYY-MM-DD) that overrides every other source.")]
RECORD_COLUMNS = ["id", "pub_date", "title", "actors", "quotes", "events"]


def _record_row(record) -> dict:
    data = record.to_dict()
    return {"id": data["id"], "pub_date": data["pub_date"], "title": data["title"],
            "actors": len(data["actors"]), "quotes": len(data["quotes"]),
            "events": len(data["events"])}


@app.command()
def extract(inputs: InputsArg, fmt: FormatOption = Format.jsonl, date: DateOption = None) -> None:
    """Print one extraction record per article (no store); errors go to stderr."""
    from communique.jobs import records_from
    from communique.records import InputFailure

    failed = False
    rows = []
    with progress() as bar:
        task = bar.add_task("extracting", total=None)
        for item in records_from(inputs, date=date):
            bar.advance(task)
            if isinstance(item, InputFailure):
                failed = True
                report_failure(item.input, item.reason)
            elif fmt is Format.jsonl:
                sys.stdout.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                sys.stdout.flush()
            else:
                rows.append(item.to_dict() if fmt is Format.json else _record_row(item))
    if fmt is not Format.jsonl:
        emit(rows, fmt, RECORD_COLUMNS if fmt is Format.table else None)
    raise typer.Exit(1 if failed else 0)


def _ingest_with_progress(db: str, inputs: list[str], date: str | None):
    from communique.jobs import ingest as ingest_job
    from communique.records import InputFailure
    from communique.store import Store

    with Store.open(db) as store, progress() as bar:
        task = bar.add_task("ingesting", total=None)

        def on_item(item) -> None:
            bar.advance(task)
            if isinstance(item, InputFailure):
                report_failure(item.input, item.reason)

        summary = ingest_job(store, inputs, date=date, on_item=on_item)
        counts = store.counts()
    return summary, counts


def _print_summary(db: str, summary, counts: dict) -> None:
    err.print(f"read {summary.read} articles: {summary.stored} stored, "
              f"{summary.unchanged} unchanged, {summary.duplicates} wire copies, "
              f"{len(summary.failures)} failed")
    table = Table("table", "rows", title=f"store {db}")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)


@app.command()
def ingest(inputs: InputsArg, db: DbOption = DEFAULT_DB, date: DateOption = None) -> None:
    """Extract inputs into the store: one transaction per article, idempotent by content."""
    try:
        summary, counts = _ingest_with_progress(db, inputs, date)
    except CommuniqueError as error:
        raise fail(error) from error
    _print_summary(db, summary, counts)
    raise typer.Exit(summary.exit_code)


@app.command()
def articles(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table,
             limit: Annotated[int, typer.Option(help="Rows to show.")] = 50,
             offset: Annotated[int, typer.Option(help="Rows to skip.")] = 0) -> None:
    """List stored articles, newest first."""
    from communique.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            rows = store.articles(limit=limit, offset=offset)
    except CommuniqueError as error:
        raise fail(error) from error
    emit(rows, fmt, ["id", "pub_date", "outlet", "title", "duplicate_of"]
         if fmt is Format.table else None)


@app.command()
def demo(db: DbOption = DEFAULT_DB) -> None:
    """Ingest the bundled demo corpus into the store and print a summary."""
    from communique.jobs import demo_inputs

    try:
        summary, counts = _ingest_with_progress(db, demo_inputs(), None)
    except CommuniqueError as error:
        raise fail(error) from error
    _print_summary(db, summary, counts)
    raise typer.Exit(summary.exit_code)


@app.command()
def doctor(db: DbOption = DEFAULT_DB) -> None:
    """Check the install (model, versions) and the store, and say what to do."""
    from communique.doctor import check_install, check_store

    checks = check_install() + check_store(db)
    table = Table("check", "status", "detail", "what to do", title="communique doctor")
    for check in checks:
        table.add_row(check.name, "ok" if check.ok else "FAIL", check.detail,
                      "" if check.ok else check.advice)
    out.print(table)
    raise typer.Exit(0 if all(c.ok for c in checks) else 1)


# --- eval ---


@app.command("eval")
def eval_(shared: Annotated[Path, typer.Option(help="The shared folder with eval/ and seeds/.")]
          = None,
          only: Annotated[list[str] | None, typer.Option(help="Run only these suites.")] = None,
          keep: Annotated[Path | None, typer.Option(help="Keep system outputs here.")] = None,
          as_json: Annotated[bool, typer.Option("--json", help="Print figures as JSON.")] = False,
          check: Annotated[bool, typer.Option(help="Exit 1 when a figure is under its floor.")]
          = False) -> None:
    """Run every gold set in ../shared/eval with its scorer and print the figures."""
    from communique.evaluate.run import (
        DEFAULT_SHARED,
        below_floor,
        changed_gold,
        load_floors,
        run_eval,
    )

    shared = shared or DEFAULT_SHARED
    if not (shared / "eval").is_dir():
        err.print(f"no gold sets: {shared}/eval is absent; nothing to evaluate")
        raise typer.Exit(0)
    for rel in changed_gold(shared):
        err.print(f"warning: {rel} changed since eval/baseline.json was pinned")
    results = run_eval(shared, only=only, keep_dir=keep)
    floors = load_floors()
    misses = below_floor(results, floors)
    if as_json:
        sys.stdout.write(json.dumps({k: {"figures": v.get("figures"), "error": v.get("error")}
                                     for k, v in results.items()}, indent=2) + "\n")
    else:
        table = Table("suite", "figure", "value", "floor", title="communique eval")
        for suite, result in results.items():
            if result.get("error"):
                table.add_row(suite, "error", result["error"][:60], "")
            for name, value in result.get("figures", {}).items():
                floor = floors.get(suite, {}).get(name)
                shown = "-" if value is None else f"{value:.3f}"
                mark = "" if floor is None else f"{floor:.2f}"
                table.add_row(suite + (" (info)" if result.get("informative") else ""),
                              name, shown, mark)
        out.print(table)
        headline = " ".join(f"{suite}.{name}={value:.3f}" for suite, result in results.items()
                            for name, value in result.get("figures", {}).items()
                            if value is not None)
        out.print(headline)
    for suite, name, value, floor in misses:
        err.print(f"below floor: {suite}.{name} = {value} < {floor}")
    raise typer.Exit(1 if check and misses else 0)


# --- actors ---

# --- temporal ---

# --- events ---

# --- quotes ---

# --- state (events, initiatives, stances, contradictions) ---

# --- outputs (brief, timeline, export, serve) ---

# --- scale (batch, bench) ---


class Engine(StrEnum):
    """Where a batch runs."""

    local = "local"
    ray = "ray"


@app.command()
def batch(inputs: InputsArg,
          out_dir: Annotated[Path, typer.Option("--out", help="Folder of Parquet parts.")],
          engine: Annotated[Engine, typer.Option(help="local processes or a Ray cluster.")]
          = Engine.local,
          workers: Annotated[int, typer.Option(help="Processes or Ray actors.")] = 2,
          db: DbOption = DEFAULT_DB,
          no_store: Annotated[bool, typer.Option("--no-store", help="Write parts only.")]
          = False) -> None:
    """Extract a large corpus in parallel to Parquet parts, then load the store (resumable)."""
    from rich.progress import TimeRemainingColumn

    from communique.scale import run_batch

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.speed} art/s"), TimeRemainingColumn(), console=err,
                   transient=True, disable=not err.is_terminal)
    with bar:
        task = bar.add_task("extracting", total=None)
        summary = run_batch(inputs, out_dir, engine=engine.value, workers=workers,
                            db=None if no_store else db,
                            on_start=lambda n: bar.update(task, total=n),
                            on_batch=lambda n: bar.advance(task, n))
    for failure in summary.failures:
        report_failure(failure.input, failure.reason)
    err.print(f"read {summary.read}, skipped {summary.skipped} already done, "
              f"extracted {summary.extracted}, stored {summary.stored}, "
              f"failed {len(summary.failures)}")
    raise typer.Exit(summary.exit_code)


@app.command()
def bench(inputs: Annotated[list[str] | None, typer.Argument(
              help="Articles to time; generated ones when none are given.")] = None,
          articles: Annotated[int, typer.Option(help="Generated articles.")] = 40,
          words: Annotated[int, typer.Option(help="Words per generated article.")] = 700,
          json_out: Annotated[Path | None, typer.Option("--json", help="Write figures here.")]
          = None) -> None:
    """Time a bare spaCy parse, our extraction, the store load and 1 vs 2 workers, in one run."""
    from communique.evaluate.bench import generate_articles, run_bench

    if inputs:
        from communique.ingest import read_inputs
        from communique.records import Article

        texts = [a for a in read_inputs(inputs) if isinstance(a, Article)]
    else:
        texts = generate_articles(articles, words=words)
    result = run_bench(texts)
    table = Table("stage", "seconds", "articles/s", "words/s", title="communique bench")
    for stage in ("bare_parse", "extraction", "store_load", "linking", "workers_1", "workers_2"):
        if result.get(stage):
            figures = result[stage]
            table.add_row(stage, f"{figures['seconds']:.2f}", f"{figures['articles_per_s']:.1f}",
                          f"{figures['words_per_s']:.0f}")
    out.print(table)
    out.print(f"extraction/parse throughput ratio {result['extraction_vs_parse']:.2f}; "
              f"speed-up 1->2 workers {result.get('speedup')}; peak RSS {result['peak_rss_mb']}")
    if json_out:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


def run() -> None:
    """Entry point that never shows a traceback for our own errors."""
    try:
        app()
    except CommuniqueError as error:
        err.print(f"error {error}")
        raise SystemExit(error.exit_code) from error
