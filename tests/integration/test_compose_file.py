"""docker-compose.yml is only validated here (no Docker engine on these machines).

check-jsonschema (test extra) checks it offline against its bundled copy of the
compose spec; the rest asserts the stack's shape and that no secret is written
into the file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"

APP_SERVICES = {"migrate", "grant", "web", "worker", "scheduler", "projector"}
ALL_SERVICES = {"postgres", "redis"} | APP_SERVICES
LONG_RUNNING_APP_SERVICES = APP_SERVICES - {"migrate", "grant"}

# ${NAME:?message}: compose refuses to start when NAME is unset or empty.
REQUIRED_VAR = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*:\?[^}]*\}$")
SECRET_KEY_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|PASSPHRASE|API_KEY|PRIVATE_KEY", re.I)
URL_PASSWORD = re.compile(r"^[a-z][a-z0-9+.-]*://[^:/@\s]*:(?P<password>[^@]*)@", re.I)


def _check_jsonschema() -> str | None:
    venv_binary = Path(sys.executable).parent / "check-jsonschema"
    if venv_binary.exists():
        return str(venv_binary)
    return shutil.which("check-jsonschema")


@pytest.fixture(scope="module")
def check_jsonschema() -> str:
    binary = _check_jsonschema()
    if binary is None:
        pytest.skip("check-jsonschema 未安装（pip install -e '.[test]'）")
    return binary


@pytest.fixture(scope="module")
def compose(check_jsonschema: str) -> dict:
    # ruamel.yaml comes with check-jsonschema; it resolves the <<: merge keys.
    from ruamel.yaml import YAML

    with COMPOSE_FILE.open(encoding="utf-8") as fh:
        return YAML(typ="safe").load(fh)


def _validate(binary: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [binary, "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # ["KEY=value", ...] form
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def _walk_strings(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk_strings(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk_strings(value, f"{path}[{i}]")
    elif isinstance(node, str):
        yield path, node


def test_compose_file_matches_compose_spec(check_jsonschema: str) -> None:
    result = _validate(check_jsonschema, COMPOSE_FILE)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validator_rejects_a_broken_compose_file(check_jsonschema: str, tmp_path: Path) -> None:
    # Guards against a validator that silently accepts anything.
    broken = tmp_path / "docker-compose.yml"
    broken.write_text(
        "services:\n"
        "  web:\n"
        "    image: example\n"
        "    depends_on:\n"
        "      migrate:\n"
        "        condition: when_it_feels_like_it\n",
        encoding="utf-8",
    )
    result = _validate(check_jsonschema, broken)
    assert result.returncode != 0, result.stdout + result.stderr


def test_services(compose: dict) -> None:
    services = compose["services"]
    assert set(services) == ALL_SERVICES
    assert services["postgres"]["image"].split(":")[0] == "postgres"
    assert services["postgres"]["image"].endswith(":15")
    assert services["redis"]["image"].startswith("redis:7")
    assert "healthcheck" in services["postgres"]
    assert any(
        v.split(":")[-1] == "/var/lib/postgresql/data" for v in services["postgres"]["volumes"]
    )
    for name in APP_SERVICES:
        build = services[name].get("build")
        assert build, f"{name} must be built from the Dockerfile"
        if isinstance(build, dict):
            assert build.get("dockerfile", "Dockerfile") == "Dockerfile"


def _command(service: dict) -> list[str]:
    command = service.get("command")
    return command.split() if isinstance(command, str) else list(command or [])


def test_commands_and_start_order(compose: dict) -> None:
    services = compose["services"]
    assert _command(services["migrate"]) == ["shuangsui", "migrate"]
    assert _command(services["worker"]) == ["shuangsui", "worker"]
    assert _command(services["projector"]) == ["shuangsui", "projector"]
    assert _command(services["scheduler"]) == ["shuangsui", "scheduler"]
    web = _command(services["web"])
    assert web[0] == "gunicorn" and web[-1] == "webapp:create_app()"
    assert "0.0.0.0:8000" in web

    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"].get("restart", "no") == "no"
    for name in LONG_RUNNING_APP_SERVICES:
        deps = services[name]["depends_on"]
        assert deps["migrate"]["condition"] == "service_completed_successfully", name


def test_app_environment(compose: dict) -> None:
    services = compose["services"]
    owner = "postgresql://shuangsui:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD}@postgres:5432/shuangsui"
    app_role = "postgresql://shuangsui_app:${APP_DB_PASSWORD:?set APP_DB_PASSWORD}@postgres:5432/shuangsui"
    for name in APP_SERVICES:
        env = _environment(services[name])
        # The owner migrates and grants; everything that runs for users connects as the app
        # role, which may append to the event table but never change it.
        assert env["DATABASE_URL"] == (app_role if name in LONG_RUNNING_APP_SERVICES else owner), name
        assert env["REDIS_URL"] == "redis://redis:6379/0", name
        assert REQUIRED_VAR.match(env["SECRET_KEY"]), name
        assert env["SHUANGSUI_LEDGER_KEY_FILE"].startswith("/var/lib/shuangsui-ledger/"), name
        assert any(v.split(":")[-1] == "/var/lib/shuangsui-ledger" for v in services[name]["volumes"]), name
    assert services["grant"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert "grant-app-role" in services["grant"]["command"]
    # Only the one-shot migrate service may create tables.
    for name in LONG_RUNNING_APP_SERVICES:
        assert _environment(services[name])["SHUANGSUI_CREATE_TABLES"] == "false", name
    assert _environment(services["migrate"]).get("SHUANGSUI_CREATE_TABLES") != "false"


def test_no_literal_secrets(compose: dict) -> None:
    problems = []
    for name, service in compose["services"].items():
        for key, value in _environment(service).items():
            if SECRET_KEY_NAME.search(key) and not REQUIRED_VAR.match(value):
                problems.append(f"{name}.environment.{key} = {value!r}")
    for path, value in _walk_strings(compose):
        match = URL_PASSWORD.match(value)
        if match and not REQUIRED_VAR.match(match.group("password")):
            problems.append(f"{path}: password in URL is not a ${{VAR:?}} substitution")
    assert not problems, "literal secrets in docker-compose.yml:\n" + "\n".join(problems)

    text = COMPOSE_FILE.read_text(encoding="utf-8")
    assert "${POSTGRES_PASSWORD:?" in text and "${SECRET_KEY:?" in text


def test_background_services(compose: dict) -> None:
    """rq workers and the one scheduler: same image and environment as the web, restarted
    when they die, started once Redis answers; never more than one scheduler."""
    services = compose["services"]
    for name in ("worker", "scheduler"):
        service = services[name]
        assert service["image"] == services["web"]["image"], name
        assert _environment(service) == _environment(services["web"]), name
        assert service.get("restart") in ("unless-stopped", "always"), name
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name
    replicas = services["scheduler"].get("deploy", {}).get("replicas", services["scheduler"].get("scale", 1))
    assert replicas == 1
