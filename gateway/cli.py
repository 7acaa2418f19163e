"""The ``python -m gateway`` command line: ``serve``, ``plan`` and ``check-supergraph``.

Only this module chooses exit codes (the named constants below) and configures logging.
``serve``'s options map one-to-one onto :class:`~gateway.config.Settings` fields and read the
same ``GATEWAY_*`` variables as :meth:`Settings.from_env`. ``serve --supergraph PATH_OR_URL
--port N`` is a stable interface: conformance and benchmark harnesses start the gateway so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from typing import Any, NoReturn, TextIO

import click
import uvicorn

from gateway.compose_cli import compose
from gateway.config import Settings, SettingsError, parse_labels
from gateway.errors import PlanningError, SupergraphError
from gateway.gc_tuning import tune_gc_for_serving
from gateway.http.app import GRAPHQL_PATH, create_app
from gateway.http.lifespan import load_supergraph, pipeline_factory_for
from gateway.http.middleware import RequestIdLogFilter
from gateway.planner import OperationError, plan_document, print_plan
from gateway.planner.labels import active_override_labels
from gateway.supergraph import Supergraph

__all__ = [
    "main",
    "EXIT_OK",
    "EXIT_INVALID_INPUT",
    "EXIT_USAGE",
    "STARTUP_FAILURE",
    "SETTING_OPTIONS",
]

EXIT_OK = 0
EXIT_INVALID_INPUT = 1
"""``plan`` / ``check-supergraph``: the supergraph or the operation is not usable."""
EXIT_USAGE = 2
"""A bad option or setting (the same code click uses for usage errors)."""
STARTUP_FAILURE = 3
"""``serve``: the server did not start (supergraph not loadable, address in use, ...)."""

GRACEFUL_SHUTDOWN_SECONDS = 10
"""How long in-flight requests may run on after SIGTERM."""

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"

logger = logging.getLogger("gateway.cli")


def _fail(code: int, message: str) -> NoReturn:
    """Print one line to stderr and exit with ``code`` (never a traceback)."""
    click.echo(f"helhed: {message}", err=True)
    sys.exit(code)


def configure_logging(level: str) -> None:
    """Send every log line to stderr with the request id; uvicorn's loggers propagate here."""
    # LOG_FORMAT prints neither thread nor process: skip collecting them for every record
    # (the access log writes one per request).
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestIdLogFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())


@click.group(context_settings={"auto_envvar_prefix": "GATEWAY", "show_default": True})
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
    default="info",
    envvar="GATEWAY_LOG_LEVEL",
    help="Least severe log level printed.",
)
def main(log_level: str) -> None:
    """Helhed: an Apollo Federation v2 gateway."""
    configure_logging(log_level)


_Pairs = list[tuple[str, str]]


class _PairsType(click.ParamType[_Pairs, object]):
    """``NAME=VALUE`` (also ``a=1,b=2``; the option may be repeated)."""

    name = "NAME=VALUE"

    def convert(
        self, value: object, param: click.Parameter | None, ctx: click.Context | None
    ) -> _Pairs:
        if isinstance(value, list):
            return value
        pairs: list[tuple[str, str]] = []
        for part in filter(None, (p.strip() for p in str(value).split(","))):
            name, sep, item = part.partition("=")
            if not sep or not name.strip() or not item.strip():
                self.fail(f"expected NAME=VALUE, got {part!r}", param, ctx)
            pairs.append((name.strip(), item.strip()))
        return pairs


_PAIRS = _PairsType()
_Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]

SETTING_OPTIONS: dict[str, str] = {
    "supergraph": "supergraph",
    "host": "host",
    "port": "port",
    "dev": "dev_mode",
    "subgraph_timeout": "subgraph_timeout",
    "subgraph_timeout_for": "subgraph_timeouts",
    "subgraph_url": "subgraph_urls",
    "max_connections": "max_connections",
    "max_body_bytes": "max_body_bytes",
    "max_depth": "max_depth",
    "max_aliases": "max_aliases",
    "max_root_fields": "max_root_fields",
    "max_tokens": "max_tokens",
    "plan_cache_size": "plan_cache_size",
    "batch_fetches": "batch_fetches",
    "auth_issuer": "auth_issuer",
    "auth_audience": "auth_audience",
    "auth_jwks_url": "auth_jwks_url",
    "auth_leeway": "auth_leeway",
    "database_url": "database_url",
    "access_control": "access_control",
    "override_labels": "override_labels",
}
"""``serve`` option (click parameter name) -> the Settings field it sets."""

_DEFAULTS = Settings()


def _setting(name: str, *flags: str, help: str, **kwargs: Any) -> _Decorator:  # noqa: A002, ANN401
    """A ``serve`` option for Settings field ``SETTING_OPTIONS[name]``, defaulting as it does."""
    field = SETTING_OPTIONS[name]
    default = getattr(_DEFAULTS, field)
    if kwargs.get("multiple"):
        default = ()
    elif isinstance(default, frozenset):
        default = ",".join(sorted(default))
    kwargs.setdefault("show_default", bool(default) or default is False)
    return click.option(
        *flags, name, default=default, envvar=f"GATEWAY_{field.upper()}", show_envvar=True,
        help=help, **kwargs,
    )


_SERVE_OPTIONS = [
    _setting("supergraph", "--supergraph", help="Supergraph SDL: a file path or an http(s) URL.",
             metavar="PATH_OR_URL", show_default=False),
    _setting("host", "--host", help="Interface to listen on."),
    _setting("port", "--port", type=click.IntRange(0, 65535),
             help="TCP port to listen on (0: any free port, printed at start-up)."),
    _setting("dev", "--dev/--no-dev", help="Development mode: query plans on request."),
    _setting("subgraph_timeout", "--subgraph-timeout", type=click.FloatRange(min=0, min_open=True),
             help="Seconds allowed for one subgraph request."),
    _setting("subgraph_timeout_for", "--subgraph-timeout-for", type=_PAIRS, multiple=True,
             help="Per-subgraph timeout, NAME=SECONDS (repeatable)."),
    _setting("subgraph_url", "--subgraph-url", type=_PAIRS, multiple=True,
             help="Override a subgraph's URL from the supergraph, NAME=URL (repeatable)."),
    _setting("max_connections", "--max-connections", type=click.IntRange(min=1),
             help="Connection pool size for subgraph requests."),
    _setting("max_body_bytes", "--max-body-bytes", type=click.IntRange(min=1),
             help="Largest request body accepted."),
    _setting("max_depth", "--max-depth", type=click.IntRange(min=1),
             help="Deepest selection nesting accepted."),
    _setting("max_aliases", "--max-aliases", type=click.IntRange(min=1),
             help="Most aliased fields accepted in an operation."),
    _setting("max_root_fields", "--max-root-fields", type=click.IntRange(min=1),
             help="Most root fields accepted in an operation."),
    _setting("max_tokens", "--max-tokens", type=click.IntRange(min=1),
             help="Most lexical tokens accepted in a document."),
    _setting("plan_cache_size", "--plan-cache-size", type=click.IntRange(min=1),
             help="How many query plans are kept."),
    _setting("batch_fetches", "--batch-fetches/--no-batch-fetches",
             help="Send fetches to one subgraph that are ready together as one request."),
    _setting("auth_issuer", "--auth-issuer", metavar="URL",
             help="Identity provider issuer; switches authorization, consent and audit on."),
    _setting("auth_audience", "--auth-audience", help="Audience tokens must be issued for."),
    _setting("auth_jwks_url", "--auth-jwks-url", metavar="URL",
             help="JWKS URL (default: from the issuer's OpenID discovery document)."),
    _setting("auth_leeway", "--auth-leeway", type=click.FloatRange(0, 300),
             help="Seconds of clock skew allowed when checking token times."),
    _setting("database_url", "--database-url", metavar="URL",
             help="Samtykke and audit database: sqlite:///PATH or postgresql://..."),
    _setting("access_control", "--access-control", metavar="MODULE:FACTORY",
             help="Factory of the access control used when --auth-issuer is set."),
    _setting("override_labels", "--override-labels", metavar="LABEL,...",
             help="Progressive @override labels active for every request (comma-separated; "
                  "percent(N) labels are rolled per request)."),
]


def settings_from_options(options: dict[str, Any]) -> Settings:
    """Build Settings from ``serve``'s options (each one defaults to the Settings default)."""
    values: dict[str, Any] = {}
    for name, field in SETTING_OPTIONS.items():
        value = options[name]
        if field == "subgraph_timeouts":
            value = _float_map(value)
        elif field == "subgraph_urls":
            value = {key: item for pairs in value for key, item in pairs}
        elif field == "override_labels":
            value = parse_labels(value)
        values[field] = value
    settings = Settings(**values)
    settings.validate()
    return settings


def _float_map(groups: tuple[list[tuple[str, str]], ...]) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, raw in (pair for pairs in groups for pair in pairs):
        try:
            out[name] = float(raw)
        except ValueError:
            raise SettingsError(f"--subgraph-timeout-for: {raw!r} is not a number") from None
    return out


def _serve_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Attach every Settings option to ``serve`` (in the order listed)."""
    for option in reversed(_SERVE_OPTIONS):
        command = option(command)
    return command


@main.command()
@_serve_options
def serve(**options: object) -> None:
    """Serve GraphQL (and GraphiQL) at /graphql over the supergraph."""
    try:
        settings = settings_from_options(options)
    except SettingsError as exc:
        _fail(EXIT_USAGE, str(exc))
    if not settings.supergraph:
        _fail(EXIT_USAGE, "missing option --supergraph (or GATEWAY_SUPERGRAPH)")
    try:
        supergraph = load_supergraph(settings)
    except SupergraphError as exc:
        _fail(STARTUP_FAILURE, f"cannot load the supergraph: {exc}")
    try:
        sock = bind_socket(settings.host, settings.port)
    except OSError as exc:
        _fail(STARTUP_FAILURE, f"cannot listen on {settings.host}:{settings.port}: {exc}")
    if not run_server(settings, supergraph, sock):
        _fail(STARTUP_FAILURE, "the server did not start (see the log above)")


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind a listening TCP socket ourselves (IPv4 or IPv6, as ``host`` says)."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def run_server(settings: Settings, supergraph: Supergraph, sock: socket.socket) -> bool:
    """Run uvicorn on ``sock`` until a shutdown signal; False if it never started."""
    port = sock.getsockname()[1]
    app = create_app(settings, pipeline_factory=pipeline_factory_for(supergraph))
    config = uvicorn.Config(
        app, host=settings.host, port=port, lifespan="on", log_config=None,
        access_log=False, server_header=False,
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
    )
    server = _GatewayServer(config, f"http://{_url_host(settings.host)}:{port}{GRAPHQL_PATH}")
    with _exit_normally_after_graceful_shutdown(), asyncio.Runner(
        loop_factory=config.get_loop_factory()
    ) as runner:
        return runner.run(_serve(server, sock))


@contextlib.contextmanager
def _exit_normally_after_graceful_shutdown() -> Iterator[None]:
    """Make SIGTERM/SIGINT end ``serve`` with exit code 0 once shutdown is complete.

    uvicorn handles the signal (graceful shutdown) and afterwards raises it again against the
    handler that was installed before it started. That handler is a no-op here, so the
    process returns normally instead of dying by the signal.
    """
    watched = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda signum, frame: None) for sig in watched}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class _GatewayServer(uvicorn.Server):
    """uvicorn's server, announcing the gateway's address once it really serves."""

    def __init__(self, config: uvicorn.Config, url: str) -> None:
        super().__init__(config)
        self.url = url

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        """Start as uvicorn does (lifespan first), then log where GraphQL is served."""
        await super().startup(sockets=sockets)
        if self.started:
            tune_gc_for_serving()
            logger.info("Helhed gateway listening on %s (GraphiQL in a browser there)", self.url)


async def _serve(server: uvicorn.Server, sock: socket.socket) -> bool:
    """Serve until told to stop; False if start-up failed."""
    try:
        await server.serve(sockets=[sock])
    except SystemExit:
        # uvicorn exits by itself when the lifespan fails; the exit code is ours to choose.
        return False
    return server.started


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _load_for_command(source: str) -> Supergraph:
    """Load a supergraph for ``plan``/``check-supergraph`` or exit with a one-line reason."""
    try:
        return load_supergraph(Settings(supergraph=source))
    except SupergraphError as exc:
        _fail(EXIT_INVALID_INPUT, f"invalid supergraph: {exc}")


@main.command("check-supergraph")
@click.argument("supergraph_file", metavar="FILE_OR_URL")
def check_supergraph(supergraph_file: str) -> None:
    """Check that a supergraph loads; print its subgraphs and their URLs."""
    supergraph = _load_for_command(supergraph_file)
    urls = supergraph.subgraph_urls
    click.echo(f"ok: {len(urls)} subgraph(s)")
    width = max((len(name) for name in urls), default=0)
    for name, url in urls.items():
        click.echo(f"  {name.ljust(width)}  {url}")


@main.command()
@click.option("--supergraph", required=True, envvar="GATEWAY_SUPERGRAPH", metavar="PATH_OR_URL",
              help="Supergraph SDL: a file path or an http(s) URL.")
@click.option("--operation-name", default=None, help="Operation to plan, if the file has several.")
@click.option("--override-labels", default="", envvar="GATEWAY_OVERRIDE_LABELS",
              metavar="LABEL,...", show_envvar=True,
              help="Progressive @override labels to plan with as active (comma-separated; "
                   "percent(N) labels only if listed or N is 100).")
@click.argument("query_file", type=click.File("r", encoding="utf-8"))
def plan(supergraph: str, operation_name: str | None, override_labels: str,
         query_file: TextIO) -> None:
    """Print the query plan for the operation in QUERY_FILE ('-' for stdin)."""
    loaded = _load_for_command(supergraph)
    document = query_file.read()
    try:
        labels = active_override_labels(loaded.override_labels, parse_labels(override_labels),
                                        roll=None)
        query_plan = plan_document(loaded, document, operation_name, labels)
    except OperationError as exc:
        for error in exc.errors:
            click.echo(f"helhed: {error}", err=True)
        sys.exit(EXIT_INVALID_INPUT)
    except PlanningError as exc:
        _fail(EXIT_INVALID_INPUT, f"cannot plan the operation: {exc}")
    click.echo(print_plan(query_plan))


main.add_command(compose)
