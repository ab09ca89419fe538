"""The 903's XML form: EXPSSDA903 > CHILD > HEADER (the child's fields, then AREVIEW, AMISSING, OC2, OC3, AD1,
AD_PLACED, PERMANENCE and SWEPISODE elements) and CHILD > EPISODE, as the DfE's validator reads it. There the
child's id is CHILDID and an episode's placement is PL. A child is UASC when HEADER has <UASC>1</UASC>, with the
date it stopped in DUC (write_xml writes <UASC>0</UASC> for the others, as the validator wants). OC3's and
AD1's fields are read from their own element or straight from HEADER. Blank fields may be empty elements or left
out. Other spellings seen in council exports
(EPISODES/EPISODE wrappers, REVIEW, MISSING or SW_EPISODE elements) are read too.

Reading keeps each row's line number (the line its element starts on) by parsing with expat directly: the
standard library's ElementTree forgets lines.
"""
import xml.parsers.expat
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from returns.problems import problem
from returns.ssda903.rows import Return903, Row
from returns.ssda903.tables import TABLES

TAG_TO_COLUMN = {"CHILDID": "CHILD", "PL": "PLACE"}
COLUMN_TO_TAG = {column: tag for tag, column in TAG_TO_COLUMN.items()}
ROW_ELEMENTS = {"EPISODE": "Episodes", "AREVIEW": "Reviews", "REVIEW": "Reviews", "AMISSING": "Missing",
                "MISSING": "Missing", "OC2": "OC2", "OC3": "OC3", "AD1": "AD1", "AD_PLACED": "PlacedAdoption",
                "PERMANENCE": "PrevPerm", "PREV_PERM": "PrevPerm", "SWEPISODE": "SWEpisodes",
                "SW_EPISODE": "SWEpisodes"}
WRAPPERS = {"EPISODES", "REVIEWS", "MISSINGS", "SWEPISODES"}


@dataclass
class Element:
    tag: str
    line: int
    children: list["Element"] = field(default_factory=list)
    text: str = ""


def parse(content: bytes) -> Element:
    """The document as Elements that remember their line. Raises xml.parsers.expat.ExpatError."""
    parser = xml.parsers.expat.ParserCreate()
    stack: list[Element] = [Element("", 0)]

    def start(tag, attributes):
        element = Element(tag, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    def end(tag):
        stack[-1].text = stack[-1].text.strip()
        stack.pop()

    def text(data):
        stack[-1].text += data

    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.Parse(content, True)
    return stack[0].children[0]


def leaves(element: Element) -> dict[str, str]:
    return {TAG_TO_COLUMN.get(leaf.tag, leaf.tag): leaf.text for leaf in element.children if not leaf.children}


def read_xml(ret: Return903, name: str, content: bytes) -> None:
    try:
        root = parse(content)
    except xml.parsers.expat.ExpatError as error:
        ret.problems.append(problem(name, error.lineno, None, None,
                                    f"this XML cannot be read ({xml.parsers.expat.errors.messages[error.code]})."))
        return
    ret.files[name] = "XML"
    for child in root.children:
        if child.tag != "CHILD":
            ret.problems.append(problem(name, child.line, None, child.tag,
                                        f"the element {child.tag} is not a CHILD; the 903 holds only CHILD "
                                        f"elements under {root.tag}."))
            continue
        header = next((element for element in child.children if element.tag == "HEADER"), None)
        if header is None:
            ret.problems.append(problem(name, child.line, "CHILD", None, "this CHILD has no HEADER."))
            continue
        child_fields = leaves(header)
        add_row(ret, name, "Header", header.line, child_fields)
        if child_fields.get("UASC") not in (None, "", "0"):
            add_row(ret, name, "UASC", header.line, child_fields)
        # OC3 and AD1 fields may also sit straight in HEADER (the DfE validator finds them anywhere in a CHILD).
        for table, marker in (("OC3", "IN_TOUCH"), ("AD1", "DATE_INT")):
            if child_fields.get(marker):
                add_row(ret, name, table, header.line, child_fields)
        for element in row_elements(header.children + child.children):
            found = leaves(element)
            unknown = set(found) - set(TABLES[ROW_ELEMENTS[element.tag]].columns)
            for column in sorted(unknown):
                ret.problems.append(problem(name, element.line, column, found[column],
                                            f"the element {column} is not part of {element.tag}."))
            add_row(ret, name, ROW_ELEMENTS[element.tag], element.line,
                    {"CHILD": child_fields.get("CHILD", ""), "DOB": child_fields.get("DOB", ""), **found})


def row_elements(elements: list[Element]):
    for element in elements:
        if element.tag in WRAPPERS:
            yield from row_elements(element.children)
        elif element.tag in ROW_ELEMENTS and element.children:
            yield element


def add_row(ret: Return903, name: str, table: str, line: int, found: dict[str, str]) -> None:
    values = {column: found.get(column, "") or "" for column in TABLES[table].columns}
    ret.tables[table].append(Row(table, name, line, values))


def write_xml(tables: dict[str, list[dict[str, str]]]) -> bytes:
    """The XML form of tables given as lists of {column: text} (the same shape write_csv takes)."""
    by_child: dict[str, dict[str, list[dict]]] = {}
    for table, rows in tables.items():
        for row in rows:
            by_child.setdefault(row["CHILD"], {}).setdefault(table, []).append(row)
    out = ["<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>"]
    for child_id, held in by_child.items():
        for header in held.get("Header", []):
            out.append("<CHILD><HEADER>")
            out.append(leaf_tags(header, TABLES["Header"].columns))
            uasc = held.get("UASC", [])
            out.append(f"<UASC>1</UASC><DUC>{uasc[0]['DUC']}</DUC>" if uasc else "<UASC>0</UASC>")
            for table in ("Reviews", "Missing", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "SWEpisodes"):
                tag = TABLES[table].xml_element
                for row in held.get(table, []):
                    own_columns = [column for column in TABLES[table].columns if column not in ("CHILD", "DOB")]
                    out.append(f"\n<{tag}>{leaf_tags(row, own_columns)}</{tag}>")
            out.append("</HEADER>")
            for row in held.get("Episodes", []):
                out.append(f"\n<EPISODE>{leaf_tags(row, TABLES['Episodes'].columns[1:])}</EPISODE>")
            out.append("</CHILD>\n")
    out.append("</EXPSSDA903>\n")
    return "".join(out).encode("utf-8")


def leaf_tags(row: dict[str, str], columns) -> str:
    parts = []
    for column in columns:
        tag = COLUMN_TO_TAG.get(column, column)
        value = row.get(column, "")
        parts.append(f"<{tag}>{escape(value)}</{tag}>" if value else f"<{tag} />")
    return "".join(parts)
