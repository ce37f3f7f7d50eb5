"""Plain Python copies of a parsed Doc's tokens, built once per Doc for rule code to walk.

spaCy makes a new Token object on every ``doc[i]``, ``token.head`` and step of
``token.children``, and looks string attributes up in the StringStore on every read.
Rule code that walks the parse many times per sentence (events) spends most of its time
there. A `ParsedToken` reads each attribute once and links its head and children as
plain objects; ``children``, ``conjuncts`` and ``subtree`` keep spaCy's order and meaning.
The copies are read-only views of the parse as it was when first asked for.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import Any

from spacy.attrs import HEAD

TOKENS_KEY = "communique_parsed_tokens"


class ParsedToken:
    """One token's parse and text attributes, under spaCy's attribute names."""

    __slots__ = ("i", "text", "whitespace_", "lower_", "lemma_", "pos_", "tag_", "dep_",
                 "ent_type_", "ent_iob_", "idx", "is_punct", "is_space", "like_num", "head",
                 "children", "_conjuncts", "_subtree")

    def __init__(self, token: Any) -> None:
        """Copy a spaCy Token's attributes (`parsed_tokens` links head and children)."""
        self.i: int = token.i
        self.text: str = token.text
        self.whitespace_: str = token.whitespace_
        self.lower_: str = token.lower_
        self.lemma_: str = token.lemma_
        self.pos_: str = token.pos_
        self.tag_: str = token.tag_
        self.dep_: str = token.dep_
        self.ent_type_: str = token.ent_type_
        self.ent_iob_: str = token.ent_iob_
        self.idx: int = token.idx
        self.is_punct: bool = token.is_punct
        self.is_space: bool = token.is_space
        self.like_num: bool = token.like_num
        self.head: ParsedToken = self
        self.children: tuple[ParsedToken, ...] = ()
        self._conjuncts: tuple[ParsedToken, ...] | None = None
        self._subtree: tuple[ParsedToken, ...] | None = None

    def __repr__(self) -> str:
        return self.text

    @property
    def text_with_ws(self) -> str:
        """Return the text with its trailing whitespace, as spaCy's ``Token.text_with_ws``."""
        return self.text + self.whitespace_

    @property
    def lefts(self) -> tuple[ParsedToken, ...]:
        """Return the children before the token, in text order, as ``Token.lefts``."""
        return tuple(child for child in self.children if child.i < self.i)

    @property
    def rights(self) -> tuple[ParsedToken, ...]:
        """Return the children after the token, in text order, as ``Token.rights``."""
        return tuple(child for child in self.children if child.i > self.i)

    @property
    def left_edge(self) -> ParsedToken:
        """Return the leftmost token of the subtree, as ``Token.left_edge``."""
        return min(self.subtree, key=lambda token: token.i)

    @property
    def right_edge(self) -> ParsedToken:
        """Return the rightmost token of the subtree, as ``Token.right_edge``."""
        return max(self.subtree, key=lambda token: token.i)

    @property
    def ancestors(self) -> Iterator[ParsedToken]:
        """Yield the token's heads up to the root, nearest first, as ``Token.ancestors``."""
        token = self
        while token.head is not token:
            token = token.head
            yield token

    @property
    def conjuncts(self) -> tuple[ParsedToken, ...]:
        """Return the tokens coordinated with this one, as spaCy's ``Token.conjuncts``."""
        if self._conjuncts is None:
            start = self
            while start.head is not start and start.dep_ == "conj":
                start = start.head
            queue = [start]
            for word in queue:
                queue += [c for c in word.children if c.i > word.i and c.dep_ == "conj"]
            self._conjuncts = tuple(w for w in queue if w is not self)
        return self._conjuncts

    @property
    def subtree(self) -> tuple[ParsedToken, ...]:
        """Return the token and its descendants in spaCy's ``Token.subtree`` order."""
        if self._subtree is None:
            out: list[ParsedToken] = []
            for child in self.children:
                if child.i < self.i:
                    out += child.subtree
            out.append(self)
            for child in self.children:
                if child.i > self.i:
                    out += child.subtree
            self._subtree = tuple(out)
        return self._subtree


def span_root(tokens: list[ParsedToken], start: int, end: int) -> ParsedToken:
    """Return the root of ``tokens[start:end]`` as spaCy's ``Span.root`` picks it.

    A sentence root inside the span wins; else the token whose head lies outside and
    that is nearest the sentence root (childless punctuation and spaces last), the
    first one on ties.
    """
    if end - start == 1:
        return tokens[start]  # a one-word span is its own root
    inside = tokens[start:end]
    for token in inside:
        if token.head is token:
            return token
    best, best_depth = tokens[start], len(tokens)
    for token in inside:
        if start <= token.head.i < end:
            continue
        if (token.is_space or token.is_punct) and not token.children:
            depth = len(tokens) - 1
        else:
            depth = sum(1 for _ in token.ancestors)
        if depth < best_depth:
            best, best_depth = token, depth
    return best


def parsed_tokens(doc: Any) -> list[ParsedToken]:
    """Return the Doc's tokens as ParsedTokens, built on the first call and kept in user_data."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens is None:
        tokens = [ParsedToken(token) for token in doc]
        offsets = doc.to_array(HEAD).astype("int64").tolist()  # token.head would make a Token
        kids: list[list[ParsedToken]] = [[] for _ in tokens]
        for token in tokens:
            head = token.i + offsets[token.i]
            if head != token.i:
                token.head = tokens[head]
                kids[head].append(token)
        for token in tokens:
            token.children = tuple(kids[token.i])
        doc.user_data[TOKENS_KEY] = tokens
    return tokens


def reattach_reduced_relatives(words: list[ParsedToken]) -> None:
    """Re-read a participle the parser took for a sentence's main verb, in place.

    "The civilians imprisoned for X were released by Putin": the small model makes
    "imprisoned" the main verb with "civilians" its subject and "were released" a conjunct
    with no subject of its own. A passive conjunct without subject, joined by no "and" or
    comma, shows the first verb is a reduced relative: the noun is the passive's subject and
    the participle modifies it (the parser also hangs the passive as a clausal complement).
    The events stage calls this on its copies; other stages read
    the parse as spaCy gave it.
    """
    for verb in words:
        first = verb.head
        if (
            verb.dep_ not in ("conj", "ccomp")
            or verb.i < first.i
            or first.tag_ not in ("VBD", "VBN")
            or not any(c.dep_ == "auxpass" for c in verb.children)
            or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
            or any(
                c.dep_ in ("dobj", "aux", "auxpass", "xcomp", "advcl") or (
                    c.dep_ == "ccomp" and c is not verb)
                for c in first.children
            )
            or any(t.dep_ in ("cc", "mark") or t.text in (",", ";") for t in words
                   if first.i < t.i < verb.i)
        ):
            continue
        subjects = [c for c in first.children if c.dep_ == "nsubj" and c.i < first.i]
        if not subjects:
            continue
        noun, root = subjects[0], first.head
        for late in (c for c in first.children if c.i > verb.i):
            late.head = verb  # the final stop and whatever else follows the passive is its own
        verb.head, verb.dep_ = (verb, "ROOT") if root is first else (root, first.dep_)
        noun.head, noun.dep_ = verb, "nsubjpass"
        first.head, first.dep_, first.tag_ = noun, "acl", "VBN"
        for token in {root, first, noun, verb}:
            token.children = tuple(
                sorted((t for t in words if t.head is token and t is not token), key=lambda t: t.i)
            )
        for token in words:
            token._conjuncts = token._subtree = None


def relabel_passive_control_infinitives(
    words: list[ParsedToken], object_control: Collection[str]
) -> None:
    """Read the infinitive of a passive object-control verb as its complement, in place.

    "Kyiv is being pressured by Washington to sign the deal": the small model hangs "to sign"
    as an adverbial clause (a purpose) of "pressured". After a passive verb of object control
    (press, urge, order, allow...) the infinitive without a subject of its own is what the
    passive's subject is pushed to do, as in the active "Washington pressured Kyiv to sign".
    """
    for verb in words:
        head = verb.head
        if (
            verb.dep_ == "advcl"
            and verb.tag_ == "VB"
            and head.i < verb.i
            and head.lemma_.lower() in object_control
            and any(c.dep_ == "auxpass" for c in head.children)
            and not any(c.dep_ == "xcomp" for c in head.children)
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in verb.children)
        ):
            verb.dep_ = "xcomp"
