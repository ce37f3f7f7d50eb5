"""The web app: a JSON API and HTML pages over one store file, no globals.

`create_app(store_path)` builds a FastAPI app whose every request opens the
store read-only for itself and closes it when done, so a running `serve`
never holds the file between requests and an `ingest` in another process can
take the write lock (see the connection policy in `communique.store.duckdb`).
When `communique link` has not saved the negotiation state, an in-memory copy
of the store with the state built is made once per version of the store and
read from there (report.reading.open_with_state), so every page and the brief
show the state.

Safety: the app writes nothing unless a write token is configured (then the
token is required), refuses request bodies over a size limit (413), answers
bad parameters with 4xx (never 500), and the templates escape all text.
"""

from __future__ import annotations

import hmac
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from communique import __version__
from communique.errors import CommuniqueError, InputError, StoreError
from communique.settings import Settings
from communique.store import Store, read_store

log = logging.getLogger(__name__)

WEB_ROOT = Path(str(resources.files("communique") / "web"))
MAX_PAGE = 500            # largest page the API serves (`limit`)
DEFAULT_PAGE = 50
READ_TIMEOUT = 5.0        # seconds a request waits for a writer to release the file


class View:
    """What one request reads: the store, and (made on first use) the store with the state.

    When `link` has saved the state, both are the file's store. Otherwise `state`
    is an in-memory copy of the store with the state built, made only when an
    endpoint needs the state, so article and quote reads never wait for it.
    """

    def __init__(self, store: Store, state_saved: bool,
                 make_state: Callable[[], Store]) -> None:
        self.store = store
        self.state_saved = state_saved
        self._make_state = make_state
        self._state: Store | None = store if state_saved else None

    @property
    def state(self) -> Store:
        """Return the store holding the negotiation state."""
        if self._state is None:
            self._state = self._make_state()
        return self._state

    def close(self) -> None:
        """Close the in-memory state cursor if one was made (the caller closes the file)."""
        if self._state is not None and self._state is not self.store:
            self._state.close()


class StoreAccess:
    """Open the store per request, read-only; cache an in-memory copy when the state is unsaved."""

    def __init__(self, path: str, timeout: float = READ_TIMEOUT) -> None:
        self.path = path
        self.timeout = timeout
        self._lock = threading.Lock()
        self._memory: Store | None = None
        self._memory_key: tuple[Any, ...] | None = None

    @contextmanager
    def view(self) -> Iterator[View]:
        """Yield a View for one request and close what it opened."""
        from communique.linking.persist import has_state

        with read_store(self.path, timeout=self.timeout) as store:
            saved = has_state(store)
            key: tuple[Any, ...] = () if saved else tuple(store.con.execute(
                "SELECT count(*), max(ingested_at), string_agg(hash, ',' ORDER BY hash) "
                "FROM articles").fetchone())
            view = View(store, saved,
                        lambda: Store(self._memory_copy(key).cursor(), ":memory:", True))
            try:
                yield view
            finally:
                view.close()

    def _memory_copy(self, key: tuple[Any, ...]) -> Store:
        """Return an in-memory copy of the store with its state, rebuilt when articles change."""
        from communique.report.reading import open_with_state

        with self._lock:
            if self._memory is None or self._memory_key != key:
                deadline = time.monotonic() + self.timeout
                while True:
                    try:
                        memory, saved = open_with_state(self.path)
                        break
                    except duckdb.Error as error:   # a writer took the file meanwhile
                        if time.monotonic() >= deadline:
                            raise StoreError(f"the store is busy: {error}", source=self.path,
                                             hint="retry in a moment") from error
                        time.sleep(0.1)
                if saved:   # `link` finished meanwhile: never keep the file open
                    memory.close()
                    raise StoreError("the store changed while it was read", source=self.path,
                                     hint="retry")
                if self._memory is not None:
                    self._memory.close()
                self._memory, self._memory_key = memory, key
            return self._memory


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413.

    A declared Content-Length over the limit is refused before reading; a
    chunked body is read up to the limit (so at most `max_bytes` is ever held)
    and replayed to the app.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _too_large(self.max_bytes)(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return          # the client went away before sending its body
            body += message.get("body", b"")
            if len(body) > self.max_bytes:
                await _too_large(self.max_bytes)(scope, receive, send)
                return
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": bytes(body), "more_body": False}

        await self.app(scope, replay, send)


# Pages run only the app's own script file; /docs (Swagger UI) needs its inline starter.
PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; "
            "base-uri 'none'; frame-ancestors 'none'")
SAFETY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                  (b"x-frame-options", b"DENY")]


class SecurityHeaders:
    """ASGI middleware: a Content-Security-Policy and no-sniff/no-frame headers on every answer.

    Escaping keeps stored text from becoming markup; the CSP is the second wall:
    even injected markup could not run a script that is not /static/app.js.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope.get("path") == "/docs" else PAGE_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SAFETY_HEADERS,
                                      (b"content-security-policy", csp.encode())]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _too_large(max_bytes: int) -> JSONResponse:
    return JSONResponse({"error": f"request body over {max_bytes} bytes"}, status_code=413)


BEARER = HTTPBearer(auto_error=False, description="The server's write token "
                    "(`communique serve --write-token`); writes are off without one.")


def check_token(request: Request,
                credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]
                ) -> None:
    """Allow a write only when a token is configured and the request carries it."""
    expected = request.app.state.write_token
    if not expected:
        raise StarletteHTTPException(403, "writing through the API is off; start the server "
                                     "with --write-token (or COMMUNIQUE_WRITE_TOKEN) to allow it")
    if credentials is None or not credentials.credentials:
        raise StarletteHTTPException(401, "this endpoint needs 'Authorization: Bearer <token>'")
    if not hmac.compare_digest(credentials.credentials.encode(), expected.encode()):
        raise StarletteHTTPException(403, "wrong write token")


def create_app(store_path: str, *, write_token: str | None = None,
               settings: Settings | None = None) -> FastAPI:
    """Build the API and dashboard over one store file.

    Args:
        store_path: the DuckDB file to read (opened read-only per request).
        write_token: enables POST /api/articles and is then required on it; None = read-only.
        settings: limits (max_bytes caps request bodies); from the environment when None.
    Returns:
        The FastAPI app (serve it with uvicorn).
    """
    from communique.web import api, pages

    settings = settings or Settings.from_env()
    app = FastAPI(title="communique", version=__version__, docs_url=None, redoc_url=None,
                  description="A dated, source-backed record of diplomatic processes: "
                  "articles, events, quotes, actors, initiatives, stances, contradictions.")
    app.state.access = StoreAccess(store_path)
    app.state.write_token = write_token or None
    app.state.settings = settings
    app.add_middleware(BodyLimit, max_bytes=settings.max_bytes + 64_000)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=WEB_ROOT / "static"), name="static")
    _mount_swagger(app)
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_error_handlers(app)
    return app


def _mount_swagger(app: FastAPI) -> None:
    """Serve Swagger UI from the swagger-ui-bundle package: no CDN; a plain page without it."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:
        swagger_ui_path = None
    if swagger_ui_path is not None:
        app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)),
                  name="swagger")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if swagger_ui_path is None:
            return HTMLResponse("<!doctype html><title>communique API</title>"
                                "<p>Swagger UI is not installed. The OpenAPI description is "
                                "at <a href='/openapi.json'>/openapi.json</a>.</p>")
        return get_swagger_ui_html(openapi_url="/openapi.json", title="communique API",
                                   swagger_js_url="/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/static/favicon.svg")


def _add_error_handlers(app: FastAPI) -> None:
    """Answer errors as JSON (or a short page) with a 4xx/503 code, never a traceback."""

    def reply(request: Request, status: int, message: str) -> Any:
        headers = {"Retry-After": "2"} if status == 503 else None
        if _wants_html(request):
            from communique.web.pages import error_page

            return error_page(request, status, message, headers)
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Any:
        return reply(request, error.status_code, str(error.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}"
                             for e in error.errors())
        # `detail` keeps FastAPI's documented shape (HTTPValidationError in the OpenAPI spec)
        return JSONResponse({"error": f"bad request parameters: {problems}",
                             "detail": jsonable_encoder(error.errors())}, status_code=422)

    @app.exception_handler(duckdb.Error)
    async def store_busy(request: Request, error: duckdb.Error) -> Any:
        log.warning("store unavailable: %s", error)
        return reply(request, 503, f"the store could not be read now: {error}")

    @app.exception_handler(CommuniqueError)
    async def communique_error(request: Request, error: CommuniqueError) -> Any:
        if isinstance(error, InputError):
            return reply(request, 400, str(error))
        if isinstance(error, StoreError):
            log.warning("store unavailable: %s", error)
            return reply(request, 503, str(error))
        return reply(request, 500, str(error))


def _wants_html(request: Request) -> bool:
    path = request.url.path
    return not (path.startswith("/api") or path.endswith(".json"))
