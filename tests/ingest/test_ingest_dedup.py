"""Near-duplicate articles (wire copies) are marked as copies of the first."""

from __future__ import annotations

from communique.ingest.dedup import mark_duplicates, shingles
from communique.records import Article, InputFailure

WIRE = ("Valdoria and Kestrel agreed on Friday to extend their truce along the river valley by "
        "another 30 days, mediators in Dunmere said after two days of talks. Kestrel's foreign "
        "minister said the extension would give negotiators time to settle the dispute over the "
        "border crossings and the return of displaced families. Valdoria's chief negotiator said "
        "the joint commission on the crossings would meet again in Tarsk next month, and that both "
        "armies had accepted observers from Dunmere.")


def test_copy_with_small_edits_points_to_the_first() -> None:
    original = Article(id="wire", text=WIRE)
    copy = Article(id="reprint", text=WIRE.replace("next month", "in April") + " (Wire)")
    other = Article(id="other", text="Beloria closed its airspace to all flights from Arvania "
                    "on Sunday, citing repeated drone incursions near the capital.")
    failure = InputFailure("x.txt", "empty input")
    items = list(mark_duplicates([original, failure, copy, other], threshold=0.7))
    assert [getattr(item, "duplicate_of", None) for item in items] == [None, None, "wire", None]


def test_exact_copy_and_copy_of_a_copy() -> None:
    items = list(mark_duplicates([Article(id="a", text=WIRE), Article(id="b", text=WIRE),
                                  Article(id="c", text=WIRE + " Updated.")]))
    assert [item.duplicate_of for item in items] == [None, "a", "a"]


def test_the_same_article_twice_is_not_its_own_copy() -> None:
    items = list(mark_duplicates([Article(id="a", text=WIRE), Article(id="a", text=WIRE)]))
    assert [item.duplicate_of for item in items] == [None, None]


def test_threshold_decides() -> None:
    half = " ".join(WIRE.split()[: len(WIRE.split()) // 2])
    pair = [Article(id="a", text=WIRE), Article(id="b", text=half + " Other words follow here.")]
    assert list(mark_duplicates(pair, threshold=0.95))[1].duplicate_of is None


def test_shingles_of_short_text() -> None:
    assert shingles("Truce holds") == {b"truce holds"}
    assert shingles("") == set()
