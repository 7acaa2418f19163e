"""The command line: options onto Settings, exit codes, check-supergraph and plan."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from bench.federation_subgraphs import BENCH_DIR
from gateway import cli
from gateway.config import Settings

BENCH = BENCH_DIR


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """The CLI configures the root logger; put it back for the other tests."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Settings]:
    """Replace the server run with a recorder of the settings it would have served."""
    seen: list[Settings] = []

    def fake_run_server(settings, supergraph, sock) -> bool:
        sock.close()
        seen.append(settings)
        return True

    monkeypatch.setattr(cli, "run_server", fake_run_server)
    return seen


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)


def test_every_settings_field_has_a_serve_option() -> None:
    fields = {f.name for f in dataclasses.fields(Settings)}
    assert set(cli.SETTING_OPTIONS.values()) == fields
    params = {p.name for p in cli.serve.params}
    assert set(cli.SETTING_OPTIONS) <= params


def test_serve_maps_options_onto_settings(served: list[Settings]) -> None:
    result = invoke(
        "serve", "--supergraph", str(BENCH / "supergraph.graphql"), "--port", "0",
        "--host", "127.0.0.1", "--dev", "--subgraph-timeout", "2.5",
        "--subgraph-timeout-for", "reviews=1.5", "--subgraph-url", "accounts=http://a:1/graphql",
        "--subgraph-url", "products=http://p:2/graphql", "--max-body-bytes", "1234",
        "--no-batch-fetches",
    )
    assert result.exit_code == cli.EXIT_OK, result.output
    [settings] = served
    assert settings.dev_mode is True
    assert settings.subgraph_timeout == 2.5
    assert settings.timeout_for("reviews") == 1.5
    assert settings.subgraph_urls == {"accounts": "http://a:1/graphql",
                                      "products": "http://p:2/graphql"}
    assert settings.max_body_bytes == 1234
    assert settings.batch_fetches is False
    assert settings.max_depth == Settings().max_depth


def test_serve_reads_the_same_environment_as_settings(served: list[Settings]) -> None:
    env = {"GATEWAY_SUPERGRAPH": str(BENCH / "supergraph.graphql"), "GATEWAY_PORT": "0",
           "GATEWAY_DEV_MODE": "1", "GATEWAY_SUBGRAPH_URLS": "reviews=http://r/graphql",
           "GATEWAY_MAX_DEPTH": "7"}
    result = invoke("serve", env=env)
    assert result.exit_code == cli.EXIT_OK, result.output
    expected = Settings.from_env(env)
    assert served == [expected]


def test_serve_with_an_unloadable_supergraph_exits_with_startup_failure(
    tmp_path: Path, served: list[Settings]
) -> None:
    broken = tmp_path / "s.graphql"
    broken.write_text("type Query { a: Int }", encoding="utf-8")
    result = invoke("serve", "--supergraph", str(broken))
    assert result.exit_code == cli.STARTUP_FAILURE
    assert result.output.count("\n") == 1
    assert result.output.startswith("helhed: cannot load the supergraph:")
    assert served == []


def test_serve_with_an_unknown_subgraph_override_exits_with_startup_failure(
    served: list[Settings],
) -> None:
    result = invoke("serve", "--supergraph", str(BENCH / "supergraph.graphql"),
                    "--subgraph-url", "nope=http://x")
    assert result.exit_code == cli.STARTUP_FAILURE
    assert "nope" in result.output


def test_serve_on_a_port_in_use_exits_with_startup_failure(served: list[Settings]) -> None:
    sock = cli.bind_socket("127.0.0.1", 0)
    try:
        port = str(sock.getsockname()[1])
        result = invoke("serve", "--supergraph", str(BENCH / "supergraph.graphql"),
                        "--port", port)
    finally:
        sock.close()
    assert result.exit_code == cli.STARTUP_FAILURE
    assert "cannot listen" in result.output


def test_serve_without_a_supergraph_is_a_usage_error(served: list[Settings]) -> None:
    result = invoke("serve")
    assert result.exit_code == cli.EXIT_USAGE
    assert "--supergraph" in result.output


@pytest.mark.parametrize("args", [["--subgraph-timeout-for", "a=soon"],
                                  ["--subgraph-url", "no-equals-sign"],
                                  ["--port", "70000"]])
def test_bad_option_values_are_usage_errors(args: list[str], served: list[Settings]) -> None:
    result = invoke("serve", "--supergraph", str(BENCH / "supergraph.graphql"), *args)
    assert result.exit_code == cli.EXIT_USAGE
    assert "Traceback" not in result.output


def test_check_supergraph_prints_subgraphs_and_urls() -> None:
    result = invoke("check-supergraph", str(BENCH / "supergraph.graphql"))
    assert result.exit_code == cli.EXIT_OK
    lines = result.output.splitlines()
    assert lines[0] == "ok: 4 subgraph(s)"
    assert "  accounts   http://127.0.0.1:4200/accounts" in lines


def test_check_supergraph_rejects_a_broken_file(tmp_path: Path) -> None:
    broken = tmp_path / "s.graphql"
    broken.write_text("{", encoding="utf-8")
    result = invoke("check-supergraph", str(broken))
    assert result.exit_code == cli.EXIT_INVALID_INPUT
    assert result.output.startswith("helhed: invalid supergraph:")


def test_plan_prints_the_benchmark_plan_as_apollo_does() -> None:
    result = invoke("plan", "--supergraph", str(BENCH / "supergraph.graphql"),
                    str(BENCH / "query.graphql"))
    assert result.exit_code == cli.EXIT_OK, result.output
    expected = (BENCH / "apollo-plan.txt").read_text(encoding="utf-8")
    assert result.output.strip() == expected.strip()


def test_plan_with_an_invalid_operation_exits_1(tmp_path: Path) -> None:
    query = tmp_path / "q.graphql"
    query.write_text("{ noSuchField }", encoding="utf-8")
    result = invoke("plan", "--supergraph", str(BENCH / "supergraph.graphql"), str(query))
    assert result.exit_code == cli.EXIT_INVALID_INPUT
    assert "noSuchField" in result.output


def test_plan_selects_the_operation_by_name(tmp_path: Path) -> None:
    query = tmp_path / "q.graphql"
    query.write_text("query A { me { id } } query B { topProducts { upc } }", encoding="utf-8")
    result = invoke("plan", "--supergraph", str(BENCH / "supergraph.graphql"),
                    "--operation-name", "B", str(query))
    assert result.exit_code == cli.EXIT_OK, result.output
    assert "topProducts" in result.output and "me" not in result.output


def test_compose_is_registered() -> None:
    assert "compose" in cli.main.commands
