"""The model's attribute ruler, applied per distinct token instead of with spaCy's Matcher.

en_core_web_sm maps tags to coarse POS and morphology, and fixes a few lemmas,
with ~180 one- and two-token rules. spaCy's Matcher tries every rule at every
token, which costs as much as the tagger. The rules only test TAG, LOWER, DEP
and IS_SPACE (equal, IN, NOT_IN, REGEX), so which token patterns a token passes
depends only on those four values: it is worked out once per distinct tuple and
cached. LOWER counts only through the words the rules name and the regexes it
passes, so every other word shares one representative and the cache stays small.
Matches are found on the Doc as the tagger and parser left it, the attributes of
later rules override earlier ones as in spaCy's ruler, and the result is written
with one ``Doc.from_array``, so the annotations are identical to spaCy's. A model
whose rules use anything else keeps spaCy's ruler.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

log = logging.getLogger(__name__)

COLUMNS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
COLUMN_ORDER = tuple(COLUMNS)
LOWER_COLUMN = COLUMN_ORDER.index("LOWER")
# Token attributes a rule may set: plain token fields, so writing them with
# Doc.from_array does what spaCy's set_token_attrs does.
WRITABLE = (POS, MORPH, LEMMA, TAG, DEP)
# A test on one attribute column: (column, operator, operand).
Test = tuple[int, str, Any]
# The attribute values of one token: (TAG, LOWER, DEP, IS_SPACE) ids.
Key = tuple[int, int, int, int]


class UnsupportedRule(ValueError):
    """A ruler pattern uses an attribute or operator the array matcher does not know."""


@Language.factory("communique_attribute_ruler",
                  assigns=["token.pos", "token.morph", "token.lemma"],
                  requires=["token.tag", "token.dep"],
                  default_config={"patterns": []})
def make_attribute_ruler(nlp: Language, name: str, patterns: list[dict]) -> ArrayAttributeRuler:
    """Build the array attribute ruler from the model's ruler patterns."""
    return ArrayAttributeRuler(nlp.vocab, patterns)


class TokenRules:
    """What the rules make of one distinct (TAG, LOWER, DEP, IS_SPACE) tuple."""

    __slots__ = ("singles", "starts", "passes")

    def __init__(self, singles: tuple[int, ...], starts: tuple[int, ...],
                 passes: frozenset[tuple[int, int]]) -> None:
        """Keep the matching one-token rules and the longer patterns it can start or continue."""
        self.singles = singles
        self.starts = starts
        self.passes = passes


class ArrayAttributeRuler:
    """Set POS, MORPH and LEMMA exceptions like spaCy's AttributeRuler, faster.

    Reads: token TAG, LOWER, DEP and IS_SPACE. Loads: the patterns of the model's
    ``attribute_ruler`` (handed over by `swap_attribute_ruler`). Writes: whatever
    each rule's attrs name (POS, MORPH, LEMMA, and TAG/DEP for whitespace).
    """

    def __init__(self, vocab: Vocab, patterns: list[dict]) -> None:
        """Compile every rule into per-token tests; raise UnsupportedRule when one cannot be."""
        self.vocab = vocab
        self.attrs = [self._writable(normalize_token_attrs(vocab, rule["attrs"]))
                      for rule in patterns]
        self.written = [attr for attr in WRITABLE if any(attr in attrs for attrs in self.attrs)]
        # one-token patterns: (rule number, tests)
        self.singles: list[tuple[int, list[Test]]] = []
        # longer patterns: (rule number, tests per token, offset of the token the rule sets)
        self.sequences: list[tuple[int, list[list[Test]], int]] = []
        named_lowers: set[int] = set()
        self.regexes: list[re.Pattern] = []
        for rule_number, rule in enumerate(patterns):
            index = rule.get("index", 0)
            for sequence in rule["patterns"]:
                compiled = [self._compile(spec, named_lowers) for spec in sequence]
                offset = index if index >= 0 else len(compiled) + index
                if not 0 <= offset < len(compiled):
                    raise UnsupportedRule(f"index {index} outside a {len(compiled)}-token pattern")
                if len(compiled) == 1:
                    self.singles.append((rule_number, compiled[0]))
                else:
                    self.sequences.append((rule_number, compiled, offset))
        self.named_lowers = frozenset(named_lowers)
        # LOWER id -> the id standing for it: itself if a rule names it, else the first
        # word seen with the same regex results (the rules cannot tell the two apart)
        self._lower_class: dict[int, int] = {}
        self._regex_class: dict[tuple[bool, ...], int] = {}
        # distinct tuples seen, numbered in order of first sight
        self._numbers: dict[Key, int] = {}
        self._known: list[TokenRules] = []
        # per tuple number: the value its one-token rules leave in each output column,
        # whether they set that column, and whether a longer pattern can start there
        self._values = numpy.zeros((0, len(self.written)), dtype="uint64")
        self._sets = numpy.zeros((0, len(self.written)), dtype=bool)
        self._starts = numpy.zeros(0, dtype=bool)

    def _writable(self, attrs: dict) -> dict:
        """Return a rule's normalized attrs, or raise UnsupportedRule for one we cannot write."""
        unknown = [name for name in attrs if name not in WRITABLE]
        if unknown:
            raise UnsupportedRule(f"attrs {unknown!r}")
        return attrs

    def _compile(self, spec: dict, named_lowers: set[int]) -> list[Test]:
        """Turn one token pattern into tests on attribute columns (noting the LOWERs named)."""
        tests: list[Test] = []
        for key, value in spec.items():
            if key not in COLUMNS:
                raise UnsupportedRule(f"attribute {key!r}")
            column = COLUMN_ORDER.index(key)
            if isinstance(value, dict):
                for operator, operand in value.items():
                    if operator in ("IN", "NOT_IN"):
                        ids = frozenset(self._id(v) for v in operand)
                        tests.append((column, operator, ids))
                        if column == LOWER_COLUMN:
                            named_lowers.update(ids)
                    elif operator == "REGEX" and key == "LOWER":
                        tests.append((column, operator, re.compile(operand)))
                        self.regexes.append(re.compile(operand))
                    else:
                        raise UnsupportedRule(f"operator {operator!r} on {key}")
            else:
                tests.append((column, "EQ", self._id(value)))
                if column == LOWER_COLUMN:
                    named_lowers.add(self._id(value))
        return tests

    def _id(self, value: Any) -> int:
        """Return the array value spaCy stores for an attribute value."""
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, str):
            return self.vocab.strings.add(value) if value else 0
        raise UnsupportedRule(f"value {value!r}")

    def __call__(self, doc: Doc) -> Doc:
        """Find every rule's matches on the Doc as it is, then write the winning attributes."""
        if not len(doc):
            return doc
        read = doc.to_array([*(COLUMNS[name] for name in COLUMN_ORDER), *self.written])
        tags, lowers, deps, spaces = read[:, :len(COLUMNS)].T.tolist()
        classes = self._lower_class
        lowers = [classes[lower] if lower in classes else self._classify(lower)
                  for lower in lowers]
        known = self._numbers
        numbers = numpy.array([known[key] if key in known else self._learn(key)
                               for key in zip(tags, lowers, deps, spaces, strict=True)])
        values = read[:, len(COLUMNS):]
        values = numpy.where(self._sets[numbers], self._values[numbers], values)
        for position, rule_numbers in self._longer_matches(numbers).items():
            singles = self._known[numbers[position]].singles
            for column, value in self._merged(sorted([*singles, *rule_numbers])):
                values[position, column] = value
        doc.from_array(self.written, values)
        return doc

    def _longer_matches(self, numbers: numpy.ndarray) -> dict[int, list[int]]:
        """Return, per token a multi-token rule sets, the numbers of those rules."""
        found: dict[int, list[int]] = {}
        size = len(numbers)
        known = self._known
        for start in numpy.flatnonzero(self._starts[numbers]).tolist():
            for number in known[numbers[start]].starts:
                rule_number, sequence, offset = self.sequences[number]
                if start + len(sequence) <= size and all(
                        (number, position) in known[numbers[start + position]].passes
                        for position in range(1, len(sequence))):
                    found.setdefault(start + offset, []).append(rule_number)
        return found

    def _classify(self, lower: int) -> int:
        """Return the LOWER id standing for `lower` in the cache keys (and remember it)."""
        if lower in self.named_lowers:
            standing = lower
        else:
            text = self.vocab.strings[lower]
            standing = self._regex_class.setdefault(
                tuple(bool(regex.search(text)) for regex in self.regexes), lower)
        self._lower_class[lower] = standing
        return standing

    def _learn(self, key: Key) -> int:
        """Work out which token patterns a (TAG, LOWER, DEP, IS_SPACE) tuple passes; number it."""
        singles = tuple(rule_number for rule_number, tests in self.singles
                        if self._passes(tests, key))
        passes = frozenset((number, position)
                           for number, (_, sequence, _) in enumerate(self.sequences)
                           for position, tests in enumerate(sequence)
                           if self._passes(tests, key))
        starts = tuple(number for number, position in sorted(passes) if position == 0)
        number = len(self._known)
        if number == len(self._starts):
            self._grow()
        self._known.append(TokenRules(singles, starts, passes))
        for column, value in self._merged(singles):
            self._values[number, column] = value
            self._sets[number, column] = True
        self._starts[number] = bool(starts)
        self._numbers[key] = number
        return number

    def _grow(self) -> None:
        """Double the room of the per-tuple arrays (values, set flags, longer-pattern starts)."""
        room = max(256, 2 * len(self._starts))
        values = numpy.zeros((room, len(self.written)), dtype="uint64")
        sets = numpy.zeros((room, len(self.written)), dtype=bool)
        starts = numpy.zeros(room, dtype=bool)
        values[:len(self._values)] = self._values
        sets[:len(self._sets)] = self._sets
        starts[:len(self._starts)] = self._starts
        self._values, self._sets, self._starts = values, sets, starts

    def _merged(self, rule_numbers: list[int] | tuple[int, ...]) -> list[tuple[int, int]]:
        """Return the (output column, value) pairs rules applied in this order leave."""
        final: dict[int, int] = {}
        for rule_number in rule_numbers:
            final.update(self.attrs[rule_number])
        return [(self.written.index(attr), value) for attr, value in final.items()]

    def _passes(self, tests: list[Test], key: Key) -> bool:
        """Return whether a token with these attribute values passes all the tests."""
        for column, operator, operand in tests:
            value = key[column]
            if operator == "EQ":
                if value != operand:
                    return False
            elif operator == "IN":
                if value not in operand:
                    return False
            elif operator == "NOT_IN":
                if value in operand:
                    return False
            elif not operand.search(self.vocab.strings[value]):
                return False
        return True


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
