"""The pledge JSON files must hold the councils' own words, exactly.

Each test reads a seed document from ``pledges/seed_documents/``, parses it
here, independently of the JSON, and compares what it finds with
``pledges/pledge_data/<slug>.json``. No Django is needed.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "pledges" / "seed_documents"
DATA_DIR = ROOT / "pledges" / "pledge_data"

BATH_DOCUMENT = SEED_DIR / "000_d63240d2a94dd5f0.txt"
BATH_JSON = DATA_DIR / "bath-and-north-east-somerset.json"
BARKING_DOCUMENT = SEED_DIR / "004_6b94ec6855a10e4c.txt"
BARKING_JSON = DATA_DIR / "barking-and-dagenham.json"

# Counts read off the documents by hand; a parser that finds nothing fails.
BATH_BULLETS = 57  # 54 ticked bullets + 3 nested under "This means that we will."
BATH_NESTED_BULLETS = 3
BARKING_BULLETS = 15
BARKING_FIRM_COMMITMENTS = 5
BARKING_PRINCIPLES = 10

BULLET = re.compile(r"^(?P<indent> *)- (?:✓ )?(?P<text>.*)$")


def collapse(text):
    return re.sub(r"\s+", " ", text).strip()


def read_document(path):
    return path.read_text(encoding="utf-8")


def read_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def document_bullets(text):
    """Every bullet line as (words, depth), joining indented continuation lines."""
    bullets = []
    in_bullet = False
    for line in text.splitlines():
        match = BULLET.match(line)
        if match:
            depth = 1 if len(match.group("indent")) >= 2 else 0
            bullets.append([match.group("text"), depth])
            in_bullet = True
        elif in_bullet and line.strip() and line[:1].isspace():
            bullets[-1][0] += " " + line
        else:
            in_bullet = False
    return [(collapse(words), depth) for words, depth in bullets]


def paragraphs(text):
    return [collapse(p) for p in re.split(r"\n\s*\n", text) if p.strip()]


def headed_paragraphs(text, start_heading, end_heading):
    """(heading, paragraph) pairs between two heading paragraphs of the document."""
    paras = paragraphs(text)
    start = paras.index(start_heading)
    end = paras.index(end_heading)
    body = paras[start + 1:end]
    assert len(body) % 2 == 0, f"expected heading/paragraph pairs, got {body!r}"
    return [(body[i], body[i + 1]) for i in range(0, len(body), 2)]


def firm_commitments(text):
    return headed_paragraphs(
        text, "Firm commitments we will make to you", "LEAVING CARE PROMISE"
    )


def principles(text):
    return headed_paragraphs(
        text,
        "The principles underpinning how we will work with you",
        "Firm commitments we will make to you",
    )


def json_promises(data):
    return [
        promise
        for section in data["pledge"]["sections"]
        for promise in section["promises"]
    ]


def assert_same_words_in_same_order(from_document, from_json, what):
    missing = [t for t in from_document if t not in from_json]
    assert not missing, f"{what} in the document but not in the JSON: {missing!r}"
    invented = [t for t in from_json if t not in from_document]
    assert not invented, f"{what} in the JSON but not in the document: {invented!r}"
    assert from_json == from_document, f"{what} are not in document order"


# --- Bath and North East Somerset -------------------------------------------


def test_the_parser_finds_every_bullet_in_the_bath_pledge():
    bullets = document_bullets(read_document(BATH_DOCUMENT))
    nested = [b for b in bullets if b[1] == 1]
    print(f"Bath: {len(bullets)} bullets, {len(nested)} nested")
    assert len(bullets) == BATH_BULLETS
    assert len(nested) == BATH_NESTED_BULLETS


def test_every_bullet_in_the_bath_pledge_is_a_promise_word_for_word():
    bullets = [words for words, _ in document_bullets(read_document(BATH_DOCUMENT))]
    promises = [p["text"] for p in json_promises(read_json(BATH_JSON))]
    print(f"Bath: {len(bullets)} document bullets, {len(promises)} JSON promises")
    assert bullets, "no bullets parsed from the Bath document"
    assert_same_words_in_same_order(bullets, promises, "Bath promises")


def test_the_bath_json_holds_no_promise_absent_from_the_document():
    text = read_document(BATH_DOCUMENT)
    bullets = {words for words, _ in document_bullets(text)}
    invented = [
        p["text"] for p in json_promises(read_json(BATH_JSON)) if p["text"] not in bullets
    ]
    assert bullets and not invented, f"not in the Bath document: {invented!r}"


def test_nested_bullets_in_the_bath_pledge_are_promises_with_depth_one():
    bullets = document_bullets(read_document(BATH_DOCUMENT))
    promises = [(p["text"], p["depth"]) for p in json_promises(read_json(BATH_JSON))]
    assert promises == bullets
    nested = [text for text, depth in promises if depth == 1]
    assert nested == ["Ask you what you want", "Listen to what you say", "Act on what you have told us"]


# --- Barking and Dagenham ---------------------------------------------------


def test_the_parser_finds_every_bullet_commitment_and_principle_in_the_barking_and_dagenham_pledge():
    text = read_document(BARKING_DOCUMENT)
    bullets = document_bullets(text)
    commitments = firm_commitments(text)
    found_principles = principles(text)
    print(
        f"Barking and Dagenham: {len(bullets)} bullets, "
        f"{len(commitments)} firm commitments, {len(found_principles)} principles"
    )
    assert len(bullets) == BARKING_BULLETS
    assert len(commitments) == BARKING_FIRM_COMMITMENTS
    assert len(found_principles) == BARKING_PRINCIPLES


def test_every_firm_commitment_and_bullet_in_the_barking_and_dagenham_pledge_is_a_promise_word_for_word():
    text = read_document(BARKING_DOCUMENT)
    expected = [paragraph for _, paragraph in firm_commitments(text)]
    expected += [words for words, _ in document_bullets(text)]
    promises = [p["text"] for p in json_promises(read_json(BARKING_JSON))]
    print(f"Barking and Dagenham: {len(expected)} document promises, {len(promises)} JSON promises")
    assert expected, "no promises parsed from the Barking and Dagenham document"
    assert_same_words_in_same_order(expected, promises, "Barking and Dagenham promises")


def test_each_barking_and_dagenham_firm_commitment_keeps_its_heading_as_title():
    text = read_document(BARKING_DOCUMENT)
    data = read_json(BARKING_JSON)
    firm_section = data["pledge"]["sections"][0]
    assert firm_section["title"] == "Firm commitments we will make to you"
    titled = [(p["title"], p["text"]) for p in firm_section["promises"]]
    assert titled == firm_commitments(text)


def test_the_barking_and_dagenham_json_holds_no_promise_absent_from_the_document():
    text = read_document(BARKING_DOCUMENT)
    allowed = {paragraph for _, paragraph in firm_commitments(text)}
    allowed |= {words for words, _ in document_bullets(text)}
    invented = [
        p["text"] for p in json_promises(read_json(BARKING_JSON)) if p["text"] not in allowed
    ]
    assert allowed and not invented, f"not in the Barking and Dagenham document: {invented!r}"


def test_every_principle_in_the_barking_and_dagenham_pledge_is_loaded_word_for_word():
    expected = principles(read_document(BARKING_DOCUMENT))
    loaded = [(p["name"], p["text"]) for p in read_json(BARKING_JSON)["pledge"]["principles"]]
    print(f"Barking and Dagenham: {len(expected)} document principles, {len(loaded)} JSON principles")
    assert expected, "no principles parsed from the Barking and Dagenham document"
    assert_same_words_in_same_order(expected, loaded, "Barking and Dagenham principles")


# --- both -------------------------------------------------------------------


@pytest.mark.parametrize("path", [BATH_JSON, BARKING_JSON], ids=lambda p: p.stem)
def test_every_promise_has_the_schema_fields(path):
    for promise in json_promises(read_json(path)):
        assert {"text", "title", "depth"} <= set(promise) <= {"text", "title", "depth", "not_measured", "applies_to"}
        assert promise.get("not_measured", "x").strip(), "a promise marked not measured needs its reason"
        assert promise["text"] == collapse(promise["text"]) != ""
        assert promise["depth"] in (0, 1)
