"""Schemathesis against the OpenAPI description: generated requests never get a server error.

It runs in-process over the ASGI app (no server). Every operation of the spec
gets a bounded number of generated requests (Hypothesis, derandomized), and
each response is checked by schemathesis' default checks: no 5xx, status codes
and content types the spec documents, bodies that match their schema.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from communique.web.app import create_app

EXAMPLES = 6    # per operation; about 30 operations (under a minute in all)


def test_generated_requests_get_no_server_error_and_match_the_spec(web_db):
    schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(web_db))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case):
            # a schema-valid request may still be refused for its meaning (since > until): 422
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        call()
