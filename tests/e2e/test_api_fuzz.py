"""Schemathesis against our own OpenAPI document: every operation, generated requests (a fixed
seed, a bounded number per operation), as an admin with a token. No answer may be a 5xx and
every answer must fit the schema the document gives for its status.

Driven from one test rather than schemathesis' pytest plugin: its lazy-fixture loader does not
run under pytest 9 (it reads `Function._nodeid`)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from domain.base import Actor
from tests.support.world import register_world
from webapp import create_app
from webapp.auth.tokens import issue

EXAMPLES = 6  # per operation and mode


@pytest.fixture
def fuzzed(tmp_path):
    from projections.system import Settings, open_system

    var = tmp_path / "var"
    system = open_system(Settings(var_dir=var))
    register_world(system.app)
    system.projector.catch_up()
    app = create_app({"TESTING": True, "SHUANGSUI_SETTINGS": {"var_dir": var}}, system=system)
    token = issue(system, Actor("cli", "admin"), "fuzz-token", "admin1", "fuzz").token
    yield app, {"Authorization": f"Bearer {token}"}
    system.close()


@pytest.mark.timeout(1200)
def test_api_answers_within_its_schema_and_never_5xx(fuzzed):
    app, headers = fuzzed
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 150
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                      suppress_health_check=list(HealthCheck))
            def run(case):
                case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

            try:
                run()
            except Unsatisfiable:  # nothing invalid to send (no parameters, or only a path)
                continue
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - every failure is listed below
                failures.append(f"{operation.label} ({mode.value}): {_described(error)[:3000]}")
    assert not failures, "\n\n".join(failures)


def _described(error: BaseException) -> str:
    """What went wrong, with the failures inside a group spelled out."""
    inner = getattr(error, "exceptions", None)
    if not inner:
        return f"{type(error).__name__}: {error}"
    return "; ".join(_described(e) for e in inner)
