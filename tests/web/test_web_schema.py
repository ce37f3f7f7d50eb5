"""Schemathesis against the OpenAPI description: generated requests never get a server error.

It runs in-process over the ASGI app (no server). Every operation of the spec
gets a bounded number of generated requests (Hypothesis, derandomized): valid
ones, and invalid ones wherever the spec allows a request to be invalid. Each response is
checked by schemathesis' default checks: no 5xx, status codes and content
types the spec documents, bodies that match their schema.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from communique.web.app import create_app

EXAMPLES = {GenerationMode.POSITIVE: 5, GenerationMode.NEGATIVE: 2}   # per operation (~32)


def test_generated_requests_get_no_server_error_and_match_the_spec(web_db):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:
        for mode, examples in EXAMPLES.items():

            @settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def call(case):
                # A valid request may still be refused for its meaning (since > until), and
                # an invalid one may be read leniently (FastAPI takes one of repeated
                # parameters): what must hold is no 5xx and answers the spec documents.
                case.call_and_validate(excluded_checks=[positive_data_acceptance,
                                                        negative_data_rejection])

            try:
                call()
            except Unsatisfiable:
                # only free-text parameters (or none): no request can break the spec
                assert mode is GenerationMode.NEGATIVE, operation.label
