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
AllowPrivateOption = Annotated[bool, typer.Option(
    "--allow-private", help="Fetch URLs on private, loopback or link-local addresses too.")]
RECORD_COLUMNS = ["id", "pub_date", "title", "actors", "quotes", "events"]


def _settings(allow_private: bool = False):
    """Return the settings from the environment, with the command's --allow-private."""
    from communique.settings import Settings

    return Settings.from_env(allow_private=allow_private or None)


def _record_row(record) -> dict:
    data = record.to_dict()
    return {"id": data["id"], "pub_date": data["pub_date"], "title": data["title"],
            "actors": len(data["actors"]), "quotes": len(data["quotes"]),
            "events": len(data["events"])}


@app.command()
def extract(inputs: InputsArg, fmt: FormatOption = Format.jsonl, date: DateOption = None,
            allow_private: AllowPrivateOption = False) -> None:
    """Print one extraction record per article (no store); errors go to stderr."""
    from communique.jobs import records_from
    from communique.records import InputFailure

    failed = False
    rows = []
    with progress() as bar:
        task = bar.add_task("extracting", total=None)
        for item in records_from(inputs, settings=_settings(allow_private), date=date):
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


def _ingest_with_progress(db: str, inputs: list[str], date: str | None,
                          allow_private: bool = False):
    from communique.jobs import ingest as ingest_job
    from communique.records import InputFailure
    from communique.store import Store

    with Store.open(db) as store, progress() as bar:
        task = bar.add_task("ingesting", total=None)

        def on_item(item) -> None:
            bar.advance(task)
            if isinstance(item, InputFailure):
                report_failure(item.input, item.reason)

        summary = ingest_job(store, inputs, settings=_settings(allow_private), date=date,
                             on_item=on_item)
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
def ingest(inputs: InputsArg, db: DbOption = DEFAULT_DB, date: DateOption = None,
           allow_private: AllowPrivateOption = False,
           link_state: Annotated[bool, typer.Option(
               "--link/--no-link", help="Link the new articles into the negotiation state "
               "afterwards (as `communique link`).")] = True) -> None:
    """Extract inputs into the store: one transaction per article, idempotent by content."""
    try:
        summary, counts = _ingest_with_progress(db, inputs, date, allow_private)
        _print_summary(db, summary, counts)
        if link_state and summary.stored:
            link_and_report(db)
    except CommuniqueError as error:
        raise fail(error) from error
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
    """Ingest the bundled demo corpus, link it, and print a summary and its briefing."""
    from communique.jobs import demo_inputs

    try:
        summary, _ = _ingest_with_progress(db, demo_inputs(), None)
        _link_and_brief(db, summary)
    except CommuniqueError as error:
        raise fail(error) from error
    out.print(f"\nOpen the dashboard: [bold]communique serve --db {db}[/bold]", markup=True)
    raise typer.Exit(summary.exit_code)


def _link_and_brief(db: str, summary) -> None:
    """Save the negotiation state, then print the store's summary and its whole briefing."""
    from rich.markdown import Markdown

    from communique.linking.persist import save_state
    from communique.report.briefing import build_brief, earliest_day, render_brief
    from communique.store import Store

    with Store.open(db) as store:
        linked = save_state(store)
        text = render_brief(build_brief(store, since=earliest_day(store)), "md",
                            DASHBOARD_URL)
        counts = store.counts()
    _print_summary(db, summary, counts)
    err.print(f"linked: {linked['linked_events']} events, {linked['initiatives']} initiatives "
              f"({linked['initiative_steps']} status steps), {linked['stances']} stance "
              f"evidence, {linked['contradictions']} contradictions")
    Console(highlight=False).print(Markdown(text))   # wraps long lines, unlike `out`


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


@app.command()
def actors(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table,
           limit: Annotated[int, typer.Option(help="Rows to show.")] = 50) -> None:
    """List the store's actors with their mention, article, event and quote counts."""
    from communique.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            rows = store.actors(limit=limit)
    except CommuniqueError as error:
        raise fail(error) from error
    emit(rows, fmt, ["canonical", "kind", "country", "code", "mentions", "articles", "events",
                     "quotes"] if fmt is Format.table else None)


@app.command()
def actor(name: Annotated[str, typer.Argument(help="A name, alias, surname, demonym or metonym.")],
          date: Annotated[str | None, typer.Option(
              "--date", help="Date (YYYY-MM-DD) for the role and code in force.")] = None,
          db: Annotated[str | None, typer.Option(
              "--db", envvar="COMMUNIQUE_DB",
              help="DuckDB store: add the actor's latest events.")] = None,
          fmt: FormatOption = Format.json) -> None:
    """Show what the knowledge base knows of NAME (aliases, roles, codes) and its latest events."""
    from communique.actors.kb import describe, load_kb

    try:
        rows = describe(load_kb(), name, date)
        if db and Path(db).exists():
            from communique.store import Store

            with Store.open(db, read_only=True) as store:
                for row in rows or [{"name": name}]:
                    row["latest_events"] = store.events(actor=row["name"], limit=10)
                rows = rows or [{"name": name, "latest_events": []}]
    except CommuniqueError as error:
        raise fail(error) from error
    if not rows:
        err.print(f"no actor called {name!r} in the knowledge base")
        raise typer.Exit(1)
    if fmt is Format.table:
        rows = [{"kb_id": r.get("kb_id"), "name": r["name"],
                 "code": (r.get("actor") or {}).get("code"),
                 "aliases": ", ".join(r.get("aliases", [])[:6]),
                 "roles": "; ".join(f"{x['title']} ({x['of']}) {x['start']}..{x['end'] or ''}"
                                    for x in r.get("roles", []))} for r in rows]
    emit(rows, fmt)

# --- temporal ---


def _timex_inputs(source: str, failures: list[str]):
    """Yield the JSON records of a JSONL file ("-" for stdin); report bad lines and go on."""
    from communique.errors import InputError

    handle = sys.stdin if source == "-" else None
    try:
        handle = handle or open(source, encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", source=source,
                         hint="give a JSONL file of {id, dct, text} records, or -") from error
    with handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                failures.append(f"{source}:{number}")
                report_failure(f"{source}:{number}", f"not a JSON object ({error.msg})")
                continue
            if isinstance(record, dict):
                yield record
            else:
                failures.append(f"{source}:{number}")
                report_failure(f"{source}:{number}", "not a JSON object")


@app.command()
def timex(source: Annotated[str, typer.Argument(
              help="JSONL of {id, dct, text} records (dct: the publication date), or -.")],
          fmt: FormatOption = Format.jsonl) -> None:
    """Print the temporal expressions of each record, normalised to TIMEX3 values."""
    from communique.temporal.component import timex_records

    failures: list[str] = []
    try:
        rows = timex_records(_timex_inputs(source, failures))
        if fmt is Format.jsonl:
            for row in rows:
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif fmt is Format.json:
            emit(list(rows), fmt)
        else:
            emit([dict(id=row["id"], **t) for row in rows for t in row["timexes"]], fmt,
                 ["id", "start", "end", "text", "type", "value"])
    except CommuniqueError as error:
        raise fail(error) from error
    raise typer.Exit(1 if failures else 0)


# --- events ---


@app.command()
def code(source: Annotated[str, typer.Argument(
             help="JSONL of {id, date, text} sentence records, or -.")],
         fmt: FormatOption = Format.jsonl) -> None:
    """Code sentences as CAMEO dyads {source, target, cameo, plover} (PETRARCH-style)."""
    from communique.errors import InputError
    from communique.events.coding import code_records, read_sentence_records

    try:
        handle = sys.stdin if source == "-" else open(source, encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        raise fail(InputError(f"cannot read: {error.strerror}", source=source,
                              hint="a JSONL file of {id, date, text} records, or -")) from error
    with handle:
        try:
            rows = code_records(read_sentence_records(handle))
            if fmt is Format.jsonl:
                for row in rows:
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                return
            rows = list(rows)
        except (ValueError, json.JSONDecodeError) as error:
            raise fail(InputError(str(error), source=source,
                                  hint="one JSON object {id, date, text} per line")) from error
    if fmt is Format.json:
        emit(rows, fmt)
    else:
        emit([dict(id=row["id"], **e) for row in rows for e in row["events"]], fmt,
             ["id", "source", "target", "cameo", "plover"])

# --- quotes ---

QUOTE_COLUMNS = ["date", "speaker", "kind", "text", "medium", "article_id"]
QUOTE_TABLE_TEXT = 120


@app.command()
def quotes(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table,
           speaker: Annotated[str | None, typer.Option(
               help="Speaker name, actor id, code, or words of an anonymous description.")] = None,
           contains: Annotated[str | None, typer.Option(help="Words the quote contains.")] = None,
           since: Annotated[str | None, typer.Option(help="Earliest date (YYYY-MM-DD).")] = None,
           until: Annotated[str | None, typer.Option(help="Latest date (YYYY-MM-DD).")] = None,
           limit: Annotated[int, typer.Option(help="Rows to show.")] = 100) -> None:
    """List stored quotes, newest first: who said what, when, and where."""
    from communique.store import Store

    try:
        with Store.open(db, read_only=True) as store:
            rows = store.quotes(speaker=speaker, contains=contains, since=since, until=until,
                                limit=limit)
    except CommuniqueError as error:
        raise fail(error) from error
    if fmt is Format.table:
        rows = [dict(row, speaker=row.get("speaker_name") or row.get("speaker_description"),
                     text=_shorten(row.get("text") or "", QUOTE_TABLE_TEXT)) for row in rows]
    emit(rows, fmt, QUOTE_COLUMNS if fmt is Format.table else None)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# --- state (events, initiatives, stances, contradictions) ---

SinceOption = Annotated[str | None, typer.Option(help="Earliest date (YYYY-MM-DD).")]
UntilOption = Annotated[str | None, typer.Option(help="Latest date (YYYY-MM-DD).")]


def _state_store(db: str):
    """Open the store read-only; if linking has not run, an in-memory store with the state."""
    from communique.linking.persist import has_state, save_state, state_from_store
    from communique.store import Store

    store = Store.open(db, read_only=True)
    if has_state(store):
        _warn_unlinked(store)
        return store
    err.print("note: the negotiation state is not saved in this store; built it in memory "
              "(run `communique link` to save it)")
    state = state_from_store(store)
    store.close()
    memory = Store.open(":memory:")
    save_state(memory, state)
    return memory


def link_and_report(db: str, rebuild: bool = False) -> None:
    """Link the store's new articles, save the state and print what changed."""
    from communique.linking.persist import link_store
    from communique.store import Store

    with Store.open(db) as store:
        counts, changes = link_store(store, rebuild=rebuild)
    if changes is not None:
        err.print(f"linked new articles: {len(changes.created)} linked events created, "
                  f"{len(changes.updated)} updated, {len(changes.removed)} merged away")
    table = Table("table", "rows", title=f"negotiation state in {db}")
    for name, n in counts.items():
        table.add_row(name, str(n))
    out.print(table)


@app.command()
def link(db: DbOption = DEFAULT_DB,
         rebuild: Annotated[bool, typer.Option(
             "--rebuild", help="Link every article from scratch (linked-event ids may change).")
         ] = False
         ) -> None:
    """Link new articles into the linked events; rebuild initiatives, stances, contradictions."""
    try:
        link_and_report(db, rebuild=rebuild)
    except CommuniqueError as error:
        raise fail(error) from error


@app.command("events")
def events_(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table,
            since: SinceOption = None, until: UntilOption = None,
            actor: Annotated[str | None, typer.Option(
                help="A party: name, country or CAMEO code prefix.")] = None,
            type_: Annotated[str | None, typer.Option(
                "--type", help="Coarse type (consult, agree...) or CAMEO prefix.")] = None
            ) -> None:
    """List linked events (one per real-world event) with their source counts."""
    from communique.linking.persist import read_events

    try:
        with _state_store(db) as store:
            rows = read_events(store, since=since, until=until, actor=actor, type=type_)
    except CommuniqueError as error:
        raise fail(error) from error
    if fmt is Format.table:
        rows = [dict(r, parties=", ".join(p["name"] for p in (r.get("extra") or {})
                                          .get("participants", []))) for r in rows]
    emit(rows, fmt, ["date", "type", "parties", "modality", "n_sources", "n_articles",
                     "n_mentions", "first_report", "last_report", "id"]
         if fmt is Format.table else None)


@app.command()
def initiatives(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table) -> None:
    """List initiatives (ceasefires, deals, packages...) with their current status."""
    from communique.linking.persist import read_initiatives

    try:
        with _state_store(db) as store:
            rows = read_initiatives(store)
    except CommuniqueError as error:
        raise fail(error) from error
    if fmt is Format.table:
        rows = [dict(r, parties=", ".join(r.get("parties") or [])) for r in rows]
    emit(rows, fmt, ["id", "label", "status", "parties", "first_seen", "last_seen"]
         if fmt is Format.table else None)


@app.command()
def initiative(initiative_id: Annotated[str, typer.Argument(
                   metavar="ID", help="An initiative id (or a unique prefix of one).")],
               db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table) -> None:
    """Show one initiative's dated status history, each step with its sources."""
    from communique.linking.persist import read_initiative

    try:
        with _state_store(db) as store:
            found = read_initiative(store, initiative_id)
    except CommuniqueError as error:
        raise fail(error) from error
    if found is None:
        err.print(f"no initiative {initiative_id!r}; list them with `communique initiatives`")
        raise typer.Exit(1)
    if fmt is not Format.table:
        emit([found], fmt)
        return
    out.print(f"{found['label']} [{found['id']}] status: {found['status']}; "
              f"parties: {', '.join(found.get('parties') or [])}")
    rows = []
    for step in found["history"]:
        extra = step.get("extra") or {}
        for n, source in enumerate(extra.get("sources") or [{}]):
            rows.append({"date": step["date"] if n == 0 else "",
                         "status": step["status"] if n == 0 else "",
                         "by": (extra.get("party") or "") if n == 0 else "",
                         "against": (extra.get("counterpart_party") or "") if n == 0 else "",
                         "source": f"{source.get('outlet') or ''} {source.get('article_id')}",
                         "evidence": _shorten(source.get("text") or "", 100)})
    emit(rows, fmt, ["date", "status", "by", "against", "source", "evidence"])


@app.command()
def stances(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table,
            issue: Annotated[str | None, typer.Option(
                help="Only issues whose name contains these words (or an issue id).")] = None
            ) -> None:
    """Show the stance matrix: each party's current position on each issue, with evidence."""
    from communique.linking.persist import read_stances

    try:
        with _state_store(db) as store:
            rows = read_stances(store, issue=issue)
    except CommuniqueError as error:
        raise fail(error) from error
    if fmt is Format.table:
        rows = [dict(r, evidence=_shorten((r.get("evidence") or {}).get("text") or "", 90))
                for r in rows]
    emit(rows, fmt, ["issue", "party", "position", "date", "n_evidence", "evidence"]
         if fmt is Format.table else None)


@app.command()
def contradictions(db: DbOption = DEFAULT_DB, fmt: FormatOption = Format.table) -> None:
    """List contradictions: pairs of statements that cannot both be true, with both sources."""
    from communique.linking.persist import read_contradictions

    try:
        with _state_store(db) as store:
            rows = read_contradictions(store)
    except CommuniqueError as error:
        raise fail(error) from error
    emit(rows, fmt, ["kind", "description", "a_article_id", "a_date", "b_article_id",
                     "b_date"] if fmt is Format.table else None)


# --- outputs (brief, timeline, export, serve) ---

DASHBOARD_URL = "http://127.0.0.1:8000"
BaseUrlOption = Annotated[str, typer.Option(
    "--base-url", help="Dashboard address the evidence links start with.")]


class DocFormat(StrEnum):
    """Formats of the briefing."""

    md = "md"
    html = "html"


class TimelineFormat(StrEnum):
    """Formats of the timeline."""

    md = "md"
    html = "html"
    json = "json"


class ExportTable(StrEnum):
    """Tables `export` writes."""

    events = "events"
    quotes = "quotes"
    actors = "actors"
    initiatives = "initiatives"
    stances = "stances"


class ExportFormat(StrEnum):
    """File formats of `export`."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


class ExportStyle(StrEnum):
    """Column names of exported events."""

    native = "native"
    gdelt = "gdelt"
    phoenix = "phoenix"


def _report_store(db: str):
    """Open the store with its negotiation state (built in memory when `link` has not run)."""
    from communique.report.reading import open_with_state

    store, saved = open_with_state(db)
    if not saved:
        err.print("note: the negotiation state is not saved in this store; built it in memory "
                  "(run `communique link` to save it)")
    else:
        _warn_unlinked(store)
    return store


def _warn_unlinked(store) -> None:
    """Say on stderr when the saved state leaves out articles stored since the last link."""
    from communique.linking.persist import unlinked_articles

    if waiting := unlinked_articles(store):
        err.print(f"note: {waiting} stored article(s) are not linked yet and are left out "
                  "(run `communique link`)")


@app.command()
def brief(db: DbOption = DEFAULT_DB,
          since: Annotated[str | None, typer.Option(
              help="First day (YYYY-MM-DD); default: 6 days before --until.")] = None,
          until: Annotated[str | None, typer.Option(
              help="Last day (YYYY-MM-DD); default: the latest date in the store.")] = None,
          fmt: Annotated[DocFormat, typer.Option("--format", "-f", help="Output format.")]
          = DocFormat.md,
          diff: Annotated[bool, typer.Option(
              "--diff", help="Add initiative statuses and stances then (since) and now (until).")]
          = False,
          base_url: BaseUrlOption = DASHBOARD_URL) -> None:
    """Print the briefing of a period, every line citing its sources (outlet, date, sentence)."""
    from communique.report.briefing import build_brief, render_brief

    try:
        with _report_store(db) as store:
            text = render_brief(build_brief(store, since=since, until=until, diff=diff),
                                fmt.value, base_url)
    except CommuniqueError as error:
        raise fail(error) from error
    sys.stdout.write(text)


@app.command()
def timeline(db: DbOption = DEFAULT_DB,
             actor: Annotated[str | None, typer.Option(
                 help="Only facts of this actor: name, country or CAMEO code prefix.")] = None,
             initiative: Annotated[str | None, typer.Option(
                 help="Only facts of initiatives this id, id prefix or label words name.")]
             = None,
             since: SinceOption = None, until: UntilOption = None,
             fmt: Annotated[TimelineFormat, typer.Option("--format", "-f",
                                                         help="Output format.")]
             = TimelineFormat.md,
             base_url: BaseUrlOption = DASHBOARD_URL) -> None:
    """Print the dated timeline of events and initiative steps, each with its sources."""
    from communique.report.timeline import build_timeline, render_timeline

    title = "Timeline" + "".join(f": {x}" for x in (actor, initiative) if x)
    try:
        with _report_store(db) as store:
            entries = build_timeline(store, actor=actor, initiative=initiative, since=since,
                                     until=until)
        text = render_timeline(entries, fmt.value, base_url, title=title)
    except CommuniqueError as error:
        raise fail(error) from error
    sys.stdout.write(text)


@app.command()
def export(table: Annotated[ExportTable, typer.Option(help="The table to write.")],
           fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")]
           = ExportFormat.jsonl,
           style: Annotated[ExportStyle, typer.Option(
               help="Event column names: ours, GDELT 2.0 or Phoenix.")] = ExportStyle.native,
           out_file: Annotated[str, typer.Option("--out", "-o", help="File to write, or -.")]
           = "-",
           db: DbOption = DEFAULT_DB) -> None:
    """Write a table (events, quotes, actors, initiatives, stances) as JSONL, CSV or Parquet."""
    from communique.errors import InputError
    from communique.store.export import export as export_table

    try:
        if fmt is ExportFormat.parquet and out_file == "-" and sys.stdout.isatty():
            raise InputError("Parquet is binary", source="--out",
                             hint="give --out FILE.parquet or redirect stdout")
        with _report_store(db) as store:
            count = export_table(store, table.value, fmt.value, out_file, style.value)
    except CommuniqueError as error:
        raise fail(error) from error
    err.print(f"wrote {count} {table.value} rows to {'stdout' if out_file == '-' else out_file}")

# --- web ---

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def serve(db: DbOption = DEFAULT_DB,
          host: Annotated[str, typer.Option(
              help="Address to bind. Anything but loopback exposes the store to the network."
          )] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
          write_token: Annotated[str | None, typer.Option(
              "--write-token", envvar="COMMUNIQUE_WRITE_TOKEN", show_envvar=True,
              help="Turn on POST /api/articles for requests sending 'Authorization: Bearer "
              "TOKEN'. Without it the server only reads.")] = None,
          get: Annotated[str | None, typer.Option(
              "--get", metavar="PATH",
              help="Answer one GET request in-process (e.g. /api/events?type=consult), print "
              "the body and exit; no server is started.")] = None) -> None:
    """Serve the JSON API (/api, OpenAPI at /docs) and the dashboard over the store."""
    import warnings

    from communique.store import read_store
    from communique.web.app import create_app

    try:
        with read_store(db):
            pass
    except CommuniqueError as error:
        raise fail(error) from error
    application = create_app(db, write_token=write_token)
    if get is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient
        with TestClient(application, raise_server_exceptions=False) as client:
            response = client.get(get)
        text = response.text
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        raise typer.Exit(0 if response.status_code < 400 else 1)
    import uvicorn

    if host not in LOOPBACK_HOSTS:
        err.print(f"[yellow]warning[/yellow] binding {host}: anyone who can reach this "
                  "machine can read the store", markup=True)
    writes = "on (token required)" if write_token else "off"
    err.print(f"serving {db} on http://{host}:{port}/ (API docs /docs; writes {writes}); "
              "Ctrl+C stops", highlight=False)
    uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False)


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
          = False, allow_private: AllowPrivateOption = False) -> None:
    """Extract a large corpus in parallel to Parquet parts, then load the store (resumable)."""
    from rich.progress import TimeRemainingColumn

    from communique.scale import run_batch

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.speed} art/s"), TimeRemainingColumn(), console=err,
                   transient=True, disable=not err.is_terminal)
    with bar:
        task = bar.add_task("extracting", total=None)
        summary = run_batch(inputs, out_dir, engine=engine.value, workers=workers,
                            db=None if no_store else db, settings=_settings(allow_private),
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
          = None,
          repeats: Annotated[int, typer.Option(
              help="Alternated runs of the bare parse and the extraction; the best of each "
                   "counts.")] = 3,
          store_scale: Annotated[int, typer.Option(
              "--store-scale", help="Also build a store of this many generated articles "
              "(10 events each) and time adding one article and the timeline and stance "
              "queries on it; 100000 gives the 1M-event store.")] = 0) -> None:
    """Time a bare spaCy parse, our extraction, the store load and 1 vs 2 workers, in one run."""
    from communique.evaluate.bench import generate_articles, run_bench

    if inputs:
        from communique.ingest import read_inputs
        from communique.records import Article

        texts = [a for a in read_inputs(inputs) if isinstance(a, Article)]
    else:
        texts = generate_articles(articles, words=words)
    result = run_bench(texts, repeats=repeats)
    table = Table("stage", "seconds", "articles/s", "words/s", title="communique bench")
    for stage in ("bare_parse", "extraction", "store_load", "linking", "workers_1", "workers_2",
                  "end_to_end_2"):
        if result.get(stage):
            figures = result[stage]
            table.add_row(stage, f"{figures['seconds']:.2f}", f"{figures['articles_per_s']:.1f}",
                          f"{figures['words_per_s']:.0f}")
    out.print(table)
    out.print(f"extraction/parse throughput ratio {result['extraction_vs_parse']:.2f} "
              f"(CPU seconds: {result['extraction_vs_parse_cpu']:.2f}; best of "
              f"{result['repeats']} alternated runs, each run: "
              f"{', '.join(f'{r:.2f}' for r in result['extraction_vs_parse_each_run'])}); "
              f"speed-up 1->2 workers {result.get('speedup')}; peak RSS {result['peak_rss_mb']}")
    free = [f"{stage[8:]} worker(s) {result[stage]['articles_per_s_free_cores']} art/s"
            for stage in result if stage.startswith("workers_")]
    out.print("with one free core per worker (CPU seconds of the runs): " + ", ".join(free))
    stage_cpu = result.get("stage_cpu_seconds") or {}
    if stage_cpu:
        out.print("CPU seconds per component: " + ", ".join(
            f"{name} {seconds:.2f}" for name, seconds in stage_cpu.items()))
    if store_scale > 0:
        import tempfile

        from communique.evaluate.store_bench import run_store_bench
        from communique.pipeline import extract

        with tempfile.TemporaryDirectory() as tmp:
            result["store_scale"] = run_store_bench(Path(tmp), list(extract(texts[:5])),
                                                    articles=store_scale)
        scale = result["store_scale"]
        out.print("store at scale: " + ", ".join(f"{n} {table}" for table, n in
                                                  scale["rows"].items())
                  + f" (built in {scale['build_seconds']} s); milliseconds: " + ", ".join(
                      f"{name.removesuffix('_ms')} {value}" for name, value in scale.items()
                      if name.endswith("_ms")))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2), encoding="utf-8")


def run() -> None:
    """Entry point that never shows a traceback for our own errors."""
    try:
        app()
    except CommuniqueError as error:
        err.print(f"error {error}")
        raise SystemExit(error.exit_code) from error
