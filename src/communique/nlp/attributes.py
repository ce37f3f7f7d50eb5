"""The model's attribute ruler, applied with array comparisons instead of spaCy's Matcher.

en_core_web_sm maps tags to coarse POS and morphology, and fixes a few lemmas,
with ~180 one- and two-token rules. spaCy's Matcher tries every rule at every
token, which costs as much as the tagger. The rules only test TAG, LOWER, DEP
and IS_SPACE (equal, IN, NOT_IN, REGEX), so each token pattern becomes a few
numpy comparisons over the Doc's attribute arrays. Matches are found on the
Doc as the tagger and parser left it and applied in the ruler's own order (rule
by rule, left to right), so the annotations are identical to spaCy's. A model
whose rules use anything else keeps spaCy's ruler.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs, set_token_attrs
from spacy.vocab import Vocab

log = logging.getLogger(__name__)

COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
COLUMN_ORDER = tuple(COLUMNS)
# Columns by selectivity: a pattern is indexed by the first of these its first token tests.
ANCHOR_PREFERENCE = tuple(COLUMN_ORDER.index(name) for name in ("LOWER", "TAG", "DEP", "IS_SPACE"))
# A test on one attribute column: (column, operator, operand).
Test = tuple[int, str, Any]


class UnsupportedRule(ValueError):
    """A ruler pattern uses an attribute or operator the array matcher does not know."""


@Language.factory("communique_attribute_ruler",
                  assigns=["token.pos", "token.morph", "token.lemma"],
                  requires=["token.tag", "token.dep"],
                  default_config={"patterns": []})
def make_attribute_ruler(nlp: Language, name: str, patterns: list[dict]) -> ArrayAttributeRuler:
    """Build the array attribute ruler from the model's ruler patterns."""
    return ArrayAttributeRuler(nlp.vocab, patterns)


class ArrayAttributeRuler:
    """Set POS, MORPH and LEMMA exceptions like spaCy's AttributeRuler, faster.

    Reads: token TAG, LOWER, DEP and IS_SPACE. Loads: the patterns of the model's
    ``attribute_ruler`` (handed over by `swap_attribute_ruler`). Writes: whatever
    each rule's attrs name (POS, MORPH, LEMMA, and TAG/DEP for whitespace).
    """

    def __init__(self, vocab: Vocab, patterns: list[dict]) -> None:
        """Compile every rule into per-token tests; raise UnsupportedRule when one cannot be."""
        self.vocab = vocab
        self.rules = [([[self._compile(spec) for spec in sequence]
                        for sequence in rule["patterns"]],
                       normalize_token_attrs(vocab, rule["attrs"]), rule.get("index", 0))
                      for rule in patterns]
        self._regex_hits: dict[tuple[str, int], bool] = {}
        self._index_patterns()

    def _compile(self, spec: dict) -> list[Test]:
        """Turn one token pattern into tests on attribute columns."""
        tests: list[Test] = []
        for key, value in spec.items():
            if key not in COLUMNS:
                raise UnsupportedRule(f"attribute {key!r}")
            column = COLUMN_ORDER.index(key)
            if isinstance(value, dict):
                for operator, operand in value.items():
                    if operator in ("IN", "NOT_IN"):
                        tests.append((column, operator, frozenset(self._id(v) for v in operand)))
                    elif operator == "REGEX" and key == "LOWER":
                        tests.append((column, operator, re.compile(operand)))
                    else:
                        raise UnsupportedRule(f"operator {operator!r} on {key}")
            else:
                tests.append((column, "EQ", self._id(value)))
        # the most selective test first: LOWER, then TAG, DEP, IS_SPACE
        return sorted(tests, key=lambda test: ANCHOR_PREFERENCE.index(test[0]))

    def _id(self, value: Any) -> int:
        """Return the array value spaCy stores for an attribute value."""
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str):
            return self.vocab.strings.add(value) if value else 0
        raise UnsupportedRule(f"value {value!r}")

    def _index_patterns(self) -> None:
        """Index each pattern by a value its first token needs, so a token tries few patterns."""
        self._unanchored: list[tuple[int, int]] = []
        self._anchored: dict[int, dict[int, list[tuple[int, int]]]] = {
            column: {} for column in ANCHOR_PREFERENCE}
        for rule_number, (sequences, _, _) in enumerate(self.rules):
            for pattern_number, sequence in enumerate(sequences):
                key = (rule_number, pattern_number)
                anchor = next(((column, operand) for column, operator, operand in sequence[0]
                               if operator in ("EQ", "IN")), None)
                if anchor is None:
                    self._unanchored.append(key)
                    continue
                column, operand = anchor
                for value in [operand] if isinstance(operand, int) else operand:
                    self._anchored[column].setdefault(value, []).append(key)

    def __call__(self, doc: Doc) -> Doc:
        """Find every rule's matches on the Doc as it is, then apply them in rule order."""
        size = len(doc)
        if not size:
            return doc
        columns = doc.to_array([COLUMNS[name] for name in COLUMN_ORDER]).T.tolist()
        found: list[tuple[int, int, int]] = []
        for start in range(size):
            candidates = list(self._unanchored)
            for column, index in self._anchored.items():
                candidates.extend(index.get(columns[column][start], ()))
            for rule_number, pattern_number in candidates:
                sequence = self.rules[rule_number][0][pattern_number]
                if start + len(sequence) <= size and all(
                        self._passes(tests, columns, start + position)
                        for position, tests in enumerate(sequence)):
                    found.append((rule_number, start, len(sequence)))
        found.sort()
        for rule_number, start, length in found:
            _, attrs, index = self.rules[rule_number]
            set_token_attrs(doc[start + (index if index >= 0 else length + index)], attrs)
        return doc

    def _passes(self, tests: list[Test], columns: list[list[int]], position: int) -> bool:
        """Return whether the token at `position` passes all the tests of one token pattern."""
        for column, operator, operand in tests:
            value = columns[column][position]
            if operator == "EQ":
                if value != operand:
                    return False
            elif operator == "IN":
                if value not in operand:
                    return False
            elif operator == "NOT_IN":
                if value in operand:
                    return False
            elif not self._regex_finds(operand, value):
                return False
        return True

    def _regex_finds(self, pattern: re.Pattern, value: int) -> bool:
        """Return whether the regex finds the string `value` stands for (cached per id)."""
        key = (pattern.pattern, value)
        if key not in self._regex_hits:
            self._regex_hits[key] = bool(pattern.search(self.vocab.strings[value]))
        return self._regex_hits[key]


def swap_attribute_ruler(nlp: Language) -> bool:
    """Replace the model's attribute ruler by the array one when its rules allow; say if done."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    if not hasattr(ruler, "patterns"):
        return False
    patterns = ruler.patterns
    try:
        ArrayAttributeRuler(nlp.vocab, patterns)
    except UnsupportedRule as reason:
        log.info("keeping spaCy's attribute ruler: unsupported rule (%s)", reason)
        return False
    nlp.replace_pipe("attribute_ruler", "communique_attribute_ruler",
                     config={"patterns": patterns})
    return True
