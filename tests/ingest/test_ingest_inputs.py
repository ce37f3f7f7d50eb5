"""Reading every kind of input, and every kind of bad input, without raising."""

from __future__ import annotations

import io
import json
import logging
import socket
from pathlib import Path

import httpx
import pytest

from communique.ingest import read_inputs
from communique.ingest.text import url_id
from communique.records import Article, InputFailure
from communique.settings import Settings

STORY = "\n".join([
    "Valdoria and Kestrel agree to extend truce",
    "Valdoria and Kestrel agreed on Friday to extend their truce along the river valley by "
    "another 30 days, mediators in Dunmere said after two days of talks.",
    "Kestrel's foreign minister said the extension would give negotiators time to settle "
    "the dispute over the border crossings and the return of displaced families.",
    "Valdoria's chief negotiator said the joint commission on the crossings would meet "
    "again in Tarsk next month, and that both armies had accepted observers from Dunmere.",
    "The two governments have fought over the valley since a border clash two years ago, "
    "and earlier truces have collapsed within weeks.",
    '"This time the observers will be on the ground from the first day," the mediator told '
    "reporters after the talks.",
]) + "\n"
FRENCH = "\n".join([
    "Les deux pays ont convenu vendredi de prolonger la trêve de trente jours, selon les "
    "médiateurs.",
    "Le ministre des affaires étrangères a déclaré que cette prolongation donnerait aux "
    "négociateurs le temps de régler le différend sur les points de passage de la "
    "frontière.",
    "Les observateurs seront déployés dès la semaine prochaine dans la vallée, ont précisé "
    "les deux délégations dans un communiqué commun publié après la réunion.",
]) + "\n"
PAGE = """<!doctype html><html><head><title>Truce extended | Dunmere Daily</title>
<meta property="og:site_name" content="Dunmere Daily">
<meta property="article:published_time" content="2025-03-21T09:00:00Z">
</head><body><nav><a href="/">Home</a></nav><article><h1>Truce extended by 30 days</h1>
<p>By Ilse Marn</p>
{paragraphs}
</article><footer>Copyright 2025 Dunmere Daily</footer></body></html>"""


def page(text: str = STORY) -> str:
    """Return an HTML page holding the story's paragraphs."""
    paragraphs = "\n".join(f"<p>{line}</p>" for line in text.splitlines()[1:])
    return PAGE.format(paragraphs=paragraphs)


def read(inputs: list[str], **kwargs) -> list[Article | InputFailure]:
    """Read inputs into a list."""
    return list(read_inputs(inputs, **kwargs))


def only(items: list) -> Article | InputFailure:
    """Return the single item of a list."""
    assert len(items) == 1, items
    return items[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    """Write a file under tmp_path and return its path as a string."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def mock_client(routes: dict[str, tuple[int, str, bytes | str]]) -> httpx.Client:
    """Return an httpx client answering URLs from a table of (status, type, body)."""
    def handler(request: httpx.Request) -> httpx.Response:
        status, media_type, body = routes.get(str(request.url), (404, "text/plain", b"missing"))
        content = body.encode("utf-8") if isinstance(body, str) else body
        return httpx.Response(status, headers={"content-type": media_type}, content=content)
    return httpx.Client(transport=httpx.MockTransport(handler))


# --- plain files -------------------------------------------------------------------

def test_text_file_gives_an_article_named_by_its_stem(tmp_path: Path) -> None:
    article = only(read([write(tmp_path, "truce-extended.txt", STORY)]))
    assert isinstance(article, Article)
    assert article.id == "truce-extended"
    assert article.title == "Valdoria and Kestrel agree to extend truce"
    assert article.text.startswith("Valdoria and Kestrel agreed on Friday")
    assert article.language == "en"
    assert article.paragraphs and article.hash


def test_given_date_overrides(tmp_path: Path) -> None:
    article = only(read([write(tmp_path, "a.txt", STORY)], date="2025-03-21"))
    assert (article.pub_date, article.pub_date_source, article.pub_date_confidence) == (
        "2025-03-21", "given", 1.0)


def test_markdown_file(tmp_path: Path) -> None:
    markdown = "# Truce extended\n\n" + "\n\n".join(
        f"**{line}**" if i == 1 else line for i, line in enumerate(STORY.splitlines()[1:]))
    article = only(read([write(tmp_path, "note.md", markdown)]))
    assert article.title == "Truce extended"
    assert "**" not in article.text


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path, "corpus/b/second.txt", STORY.replace("Friday", "Monday"))
    write(tmp_path, "corpus/a.txt", STORY.replace("30 days", "60 days").replace("Tarsk", "Ulm"))
    write(tmp_path, "corpus/.hidden.txt", STORY)
    write(tmp_path, "corpus/image.bin", b"\x00\x01")
    items = read([str(tmp_path / "corpus")], dedup=False)
    assert [item.id for item in items] == ["a", "second"]


# --- bad input ---------------------------------------------------------------------

def test_empty_file(tmp_path: Path) -> None:
    failure = only(read([write(tmp_path, "empty.txt", "")]))
    assert isinstance(failure, InputFailure)
    assert "empty" in failure.reason and failure.input.endswith("empty.txt")


def test_whitespace_only_file(tmp_path: Path) -> None:
    assert isinstance(only(read([write(tmp_path, "blank.txt", "  \n\n \t\n")])), InputFailure)


def test_binary_file(tmp_path: Path) -> None:
    failure = only(read([write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))]))
    assert isinstance(failure, InputFailure)
    assert "not a text file" in failure.reason and "PNG" in failure.reason
    failure = only(read([write(tmp_path, "blob.txt", b"abc\x00\x01\x02" * 100)]))
    assert "binary" in failure.reason


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    data = STORY.replace("mediators", "m\xe9diators").encode("latin-1")
    with caplog.at_level(logging.WARNING):
        article = only(read([write(tmp_path, "latin.txt", data)]))
    assert isinstance(article, Article)
    assert "m\ufffddiators" in article.text
    assert "invalid UTF-8" in caplog.text


def test_text_above_the_size_cap_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", STORY * 3)
    failure = only(read([path], settings=Settings(max_bytes=1000)))
    assert isinstance(failure, InputFailure)
    assert failure.code == "E101" and "1,000" in failure.reason


def test_malformed_jsonl_line_is_named_and_the_rest_goes_on(tmp_path: Path) -> None:
    lines = [json.dumps({"id": "one", "text": STORY}), '{"id": "two", "text": ',
             json.dumps({"id": "three", "text": STORY.replace("Friday", "Sunday")}), "[1, 2]"]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = read([path], dedup=False)
    assert [type(item).__name__ for item in items] == [
        "Article", "InputFailure", "Article", "InputFailure"]
    assert items[1].input == f"{path}:2" and "invalid JSON" in items[1].reason
    assert items[3].input == f"{path}:4" and "JSON object" in items[3].reason


def test_missing_file() -> None:
    failure = only(read(["/no/such/dir/article.txt"]))
    assert isinstance(failure, InputFailure) and "no such file" in failure.reason


def test_html_of_only_scripts_and_styles(tmp_path: Path) -> None:
    html = ("<html><head><style>body{color:red}</style><script>var a = 1;</script></head>"
            "<body><script>track();</script><noscript></noscript></body></html>")
    failure = only(read([write(tmp_path, "empty.html", html)]))
    assert isinstance(failure, InputFailure) and "no article text" in failure.reason


def test_non_english_article(tmp_path: Path) -> None:
    failure = only(read([write(tmp_path, "treve.txt", FRENCH)]))
    assert isinstance(failure, InputFailure)
    assert failure.code == "E102" and "French" in failure.reason


def test_short_text_with_foreign_names_is_not_refused(tmp_path: Path) -> None:
    text = "Zelensky und Macron: Kyiv, Paris, Berlin. Gespräche in Genf."
    article = only(read([write(tmp_path, "short.txt", text)]))
    assert isinstance(article, Article) and article.language == "en"


def test_a_failing_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    items = read(["/no/such/file.txt", write(tmp_path, "ok.txt", STORY)])
    assert [type(item).__name__ for item in items] == ["InputFailure", "Article"]


# --- tables and stdin ----------------------------------------------------------------

def test_jsonl_fields_aliases_and_ids(tmp_path: Path) -> None:
    records = [
        {"id": "given", "text": STORY, "pub_date": "2025-03-21", "title": "Given title"},
        {"url": "https://example.org/2025/03/20/truce", "text": STORY.replace("Friday", "Thursday"),
         "published": "March 20, 2025"},
        {"text": STORY.replace("Friday", "Monday").replace("Tarsk", "Ulm"), "date": "not a date"},
        {"title": "nothing else"},
    ]
    path = write(tmp_path, "records.jsonl", "\n".join(json.dumps(r) for r in records))
    first, second, third, fourth = read([path], dedup=False)
    assert (first.id, first.title, first.pub_date, first.pub_date_source) == (
        "given", "Given title", "2025-03-21", "given")
    assert second.id == url_id("https://example.org/2025/03/20/truce")
    assert second.pub_date == "2025-03-20"
    assert third.id == "records-3" and third.pub_date_source != "given"
    assert isinstance(fourth, InputFailure) and fourth.input == f"{path}:4"


def test_jsonl_record_with_html(tmp_path: Path) -> None:
    path = write(tmp_path, "pages.jsonl", json.dumps({"id": "p1", "html": page()}) + "\n")
    article = only(read([path]))
    assert isinstance(article, Article)
    assert (article.id, article.pub_date, article.outlet) == ("p1", "2025-03-21", "Dunmere Daily")


def test_csv_rows_with_a_bad_row(tmp_path: Path) -> None:
    body = STORY.replace('"', '""')
    content = (f'id,title,text,date\nc1,Truce,"{body}",2025-03-21\nc2,broken\n'
               f'c3,Truce again,"{body.replace("Friday", "Tuesday")}",2025-03-18\n')
    path = write(tmp_path, "table.csv", content)
    items = read([path], dedup=False)
    assert [type(item).__name__ for item in items] == ["Article", "InputFailure", "Article"]
    assert items[0].id == "c1" and items[0].pub_date == "2025-03-21"
    line = STORY.count("\n") + 3
    assert items[1].input == f"{path}:{line}"


def test_csv_without_a_text_column(tmp_path: Path) -> None:
    failure = only(read([write(tmp_path, "bad.csv", "name,value\na,b\n")]))
    assert isinstance(failure, InputFailure) and "no text" in failure.reason


def test_stdin_jsonl_and_stdin_text() -> None:
    stream = io.BytesIO((json.dumps({"id": "s1", "text": STORY}) + "\n").encode("utf-8"))
    assert only(read(["-"], stdin=stream)).id == "s1"
    article = only(read(["-"], stdin=io.BytesIO(STORY.encode("utf-8"))))
    assert isinstance(article, Article) and article.id == "stdin"


# --- URLs and feeds ------------------------------------------------------------------

def test_url_page_through_trafilatura() -> None:
    url = "https://news.example.org/world/truce-extended"
    client = mock_client({url: (200, "text/html; charset=utf-8", page())})
    article = only(read([url], client=client))
    assert isinstance(article, Article)
    assert article.id == url_id(url) and article.url == url
    assert (article.pub_date, article.pub_date_source) == ("2025-03-21", "metadata")
    assert article.outlet == "Dunmere Daily"
    assert "By Ilse Marn" not in article.text and "observers from Dunmere" in article.text


def test_url_errors_are_failures() -> None:
    client = mock_client({"https://x.org/pdf": (200, "application/pdf", b"%PDF-1.7"),
                          "https://x.org/gone": (404, "text/html", b"")})
    pdf, gone = read(["https://x.org/pdf", "https://x.org/gone"], client=client)
    assert "unsupported content type" in pdf.reason
    assert gone.code == "E103" and "404" in gone.reason


def test_non_http_scheme_is_refused() -> None:
    failure = only(read(["file:///etc/passwd"]))
    assert isinstance(failure, InputFailure) and "scheme" in failure.reason


def test_url_timeout() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)
    client = httpx.Client(transport=httpx.MockTransport(handler))
    failure = only(read(["https://slow.example.org/a"], client=client,
                        settings=Settings(fetch_timeout=0.5)))
    assert isinstance(failure, InputFailure) and "timed out after 0.5 s" in failure.reason


def test_unreachable_url_on_a_closed_local_port() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    failure = only(read([f"http://127.0.0.1:{port}/article"],
                        settings=Settings(fetch_timeout=2, allow_private=True)))
    assert isinstance(failure, InputFailure) and failure.code == "E103"
    assert "could not fetch" in failure.reason


def test_fetch_size_cap() -> None:
    client = mock_client({"https://x.org/big": (200, "text/html", page() * 20)})
    failure = only(read(["https://x.org/big"], client=client,
                        settings=Settings(fetch_max_bytes=2000)))
    assert failure.code == "E101" and "2,000" in failure.reason


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Dunmere Daily</title>
<item><title>Truce extended by 30 days</title><link>https://news.example.org/truce</link>
<pubDate>Fri, 21 Mar 2025 09:00:00 GMT</pubDate>
<description>Valdoria and Kestrel extend their truce.</description></item>
<item><title>Commission meets in Tarsk</title><link>https://news.example.org/commission</link>
<pubDate>Mon, 24 Mar 2025 09:00:00 GMT</pubDate>
<content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[{full}]]></content:encoded>
</item></channel></rss>"""


def full_entry() -> str:
    """Return a long entry body (enough words to be read as it is)."""
    other = STORY.replace("Friday", "Monday").replace("30 days", "two months")
    return "".join(f"<p>{line}</p>" for line in (other.splitlines()[1:] * 2))


def test_feed_file_uses_content_or_the_linked_page(tmp_path: Path) -> None:
    client = mock_client({"https://news.example.org/truce": (200, "text/html", page())})
    path = write(tmp_path, "daily.rss", RSS.replace("{full}", full_entry()))
    first, second = read([path], client=client, dedup=False)
    assert first.id == url_id("https://news.example.org/truce")
    assert "observers from Dunmere" in first.text and first.pub_date == "2025-03-21"
    assert second.title == "Commission meets in Tarsk" and second.outlet == "Dunmere Daily"
    assert (second.pub_date, second.pub_date_source) == ("2025-03-24", "metadata")
    assert "two months" in second.text


def test_feed_entry_falls_back_to_its_summary(tmp_path: Path) -> None:
    path = write(tmp_path, "daily.rss", RSS.replace("{full}", full_entry()))
    first, _ = read([path], client=mock_client({}), dedup=False)
    assert isinstance(first, Article) and first.text == "Valdoria and Kestrel extend their truce."


def test_atom_feed_from_a_url() -> None:
    escaped = full_entry().replace("<", "&lt;").replace(">", "&gt;")
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Valley Wire</title><entry><title>Observers deployed</title>
<link href="https://wire.example.org/observers"/><updated>2025-03-25T10:00:00Z</updated>
<content type="html">{escaped}</content></entry></feed>"""
    client = mock_client({"https://wire.example.org/feed": (200, "application/atom+xml", atom)})
    article = only(read(["https://wire.example.org/feed"], client=client))
    assert isinstance(article, Article) and article.outlet == "Valley Wire"
    assert article.pub_date == "2025-03-25"


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    failure = only(read([write(tmp_path, "data.xml", "<?xml version='1.0'?><root><a/></root>")]))
    assert isinstance(failure, InputFailure) and "feed" in failure.reason


def test_windows_and_unicode_line_breaks(tmp_path: Path) -> None:
    data = STORY.replace("\n", "\r\n", 2).replace("\n", "\u2028", 1).encode("utf-8")
    article = only(read([write(tmp_path, "crlf.txt", data)]))
    assert isinstance(article, Article) and "\r" not in article.text
    assert article.title == "Valdoria and Kestrel agree to extend truce"
