"""The quote rule files: headers, shapes, and the lexicon built from them (pure)."""

from __future__ import annotations

import json

from communique.quotes.lexicon import DATA, load_lexicon, names_pattern


def test_every_data_file_starts_with_a_header():
    for path in sorted(DATA.iterdir()):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if path.suffix == ".jsonl":
            assert "_about" in json.loads(first), path.name
        else:
            assert first.startswith("#"), path.name


def test_lexicon_roles():
    lex = load_lexicon()
    assert lex.cue_role("say") == "speech"
    assert lex.cue_role("Post") == "write"
    assert lex.cue_role("call") == "characterise"
    assert lex.cue_role("think") is None  # cognition is not speech
    assert "say" in lex.indirect and "call" not in lex.indirect
    assert lex.speaker_nouns["official"] == "person"
    assert lex.speaker_nouns["ministry"] == "body"
    assert set(lex.speaker_nouns.values()) == {"person", "title", "org", "body"}


def test_cue_rows_are_well_formed():
    lex = load_lexicon()
    assert set(lex.cues.values()) <= {"speech", "write", "characterise", "cite", "frame"}
    assert lex.indirect <= set(lex.cues)


def test_media_names_match_case_as_written():
    lex = load_lexicon()
    pattern = names_pattern(lex.platforms + lex.outlets)
    assert pattern.search("on X")
    assert not pattern.search("on x-ray")
    assert pattern.search("on Social Media")  # lowercase names match any case
    assert pattern.search("Fox News's The Ingraham Angle")
    assert not pattern.search("the foxes")
