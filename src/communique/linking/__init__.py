"""Across articles: linked events, initiatives, stances and contradictions (issue 7).

Everything here reads extraction records (plain dicts) and store rows, never spaCy.
`link` / `link_records` link event mentions; `build_state` derives the whole
negotiation state; `communique.linking.persist` reads and writes the store.
"""

from communique.linking.merge import LinkChanges, LinkedEvent, Linker, link, link_records
from communique.linking.state import State, build_state

__all__ = ["LinkChanges", "LinkedEvent", "Linker", "State", "build_state", "link",
           "link_records"]
