"""Reading an evaluation PDF's layout from WeasyPrint's own boxes (`HTML(...).render()`): the
blocks of each page in document order, how full each page is, and how each column header
wrapped. Used by the layout tests; a function returns the problems it found, as sentences."""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

HEADINGS = {"h1", "h2", "h3", "h4", "caption"}


@dataclass
class Block:
    kind: str  # heading, lead, header-row, row, content
    box: boxes.Box
    text: str

    @property
    def bottom(self) -> float:
        return self.box.position_y + self.box.margin_height()


def _classes(box) -> list[str]:
    element = box.element
    return (element.get("class") or "").split() if element is not None else []


def _text(box) -> str:
    if isinstance(box, boxes.TextBox):
        return box.text
    if isinstance(box, boxes.ParentBox):
        return "".join(_text(child) for child in box.children)
    return ""


def blocks(page) -> list[Block]:
    """The page's blocks in document order: a heading, a paragraph or other run of lines, a
    table row, a chart. A block split over two pages is on both."""
    found: list[Block] = []

    def walk(box, in_header: bool = False) -> None:
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.TableRowBox):
            found.append(Block("header-row" if in_header else "row", box, _text(box)))
            return
        if isinstance(box, boxes.TableRowGroupBox):
            in_header = in_header or box.is_header
        if box.element_tag == "figure" or isinstance(box, boxes.ReplacedBox):
            found.append(Block("content", box, _text(box)))
            return
        children = list(box.children) if isinstance(box, boxes.ParentBox) else []
        if children and all(isinstance(c, boxes.LineBox) for c in children):
            tag = box.element_tag
            kind = "heading" if tag in HEADINGS else "lead" if "lead" in _classes(box) \
                else "content"
            found.append(Block(kind, box, _text(box).strip()))
            return
        for child in children:
            walk(child, in_header)

    walk(page._page_box)
    return [b for b in found if b.text or b.kind in ("content", "row")]


def fill(page) -> float:
    """How much of the page's content height its blocks use (0–1)."""
    box = page._page_box
    found = blocks(page)
    if not found:
        return 0.0
    return (max(b.bottom for b in found) - box.content_box_y()) / box.height


def headings_at_page_foot(document) -> list[str]:
    """A heading (or a heading and its lead, or a table's header row) that ends a page."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        found = blocks(page)
        while found and found[-1].kind in ("lead", "header-row"):
            if found[-1].kind == "header-row":
                problems.append(f"p{number}: a table's header row ends the page")
            found.pop()
        if found and found[-1].kind == "heading":
            problems.append(f"p{number}: heading “{found[-1].text}” ends the page")
    return problems


def headers_broken_inside_a_word(document) -> list[str]:
    """Column headers that wrap inside a word: for a header without spaces (Chinese), any
    line break; else a line that holds a part of a word."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():
            if not (isinstance(box, boxes.TableCellBox) and box.element_tag == "th"):
                continue
            lines = [_text(line).strip() for line in box.children
                     if isinstance(line, boxes.LineBox)]
            lines = [line for line in lines if line]
            if len(lines) < 2:
                continue
            header = "".join(box.element.itertext()).strip()
            words = set(header.split())
            if len(words) < 2 or any(w not in words for line in lines for w in line.split()):
                problems.append(f"p{number}: header “{header}” wraps as {' / '.join(lines)}")
    return problems


def _text_boxes(box):
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _text_boxes(child)


def headers_overflowing(document, tolerance: float = 0.5) -> list[str]:
    """Column headers whose text runs out of their cell (a header kept on one line that is
    wider than its column spills over its neighbour or the page's edge)."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():
            if not (isinstance(box, boxes.TableCellBox) and box.element_tag == "th"):
                continue
            left = box.content_box_x()
            right = left + box.width
            texts = [t for t in _text_boxes(box) if t.text.strip()]
            if texts and (min(t.position_x for t in texts) < left - tolerance
                          or max(t.position_x + t.width for t in texts) > right + tolerance):
                header = "".join(box.element.itertext()).strip()
                problems.append(f"p{number}: header “{header}” is wider than its column")
    return problems


def figure_values_broken_inside_a_word(document) -> list[str]:
    """A figure's value that wraps inside a word ("28% (13/47 名积极分" / "子)"): it may wrap
    only where it has a space."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        for box in page._page_box.descendants():
            if not (isinstance(box, boxes.BlockBox) and "value" in _classes(box)):
                continue
            lines = [_text(line).strip() for line in box.children
                     if isinstance(line, boxes.LineBox)]
            lines = [line for line in lines if line]
            if len(lines) < 2:
                continue
            value = " ".join("".join(box.element.itertext()).split())
            words = set(value.split())
            if any(w not in words for line in lines for w in line.split()):
                problems.append(f"p{number}: figure “{value}” wraps as {' / '.join(lines)}")
    return problems


def terms_out_of_place(document) -> list[str]:
    """Definition terms (the appendix's "What is counted", "Time zone"…) not at the left of
    their list: a term that wraps must not push the next one beside it."""
    problems = []
    for number, page in enumerate(document.pages, 1):
        terms = [box for box in page._page_box.descendants()
                 if isinstance(box, boxes.BlockBox) and box.element_tag == "dt"]
        if not terms:
            continue
        left = min(box.position_x for box in terms)
        problems += [f"p{number}: “{_text(box).strip()}” stands beside another term"
                     for box in terms if box.position_x > left + 1]
    return problems


def underfilled_chapter_pages(document, minimum: float = 1 / 3) -> list[str]:
    """Pages under `minimum` full that do not end their chapter: the cover, the last page
    and a page followed by a new chapter (a page starting with an h2) may be short."""
    problems = []
    pages = document.pages
    for number, page in enumerate(pages, 1):
        if number == 1 or number == len(pages):
            continue
        following = blocks(pages[number])
        ends_chapter = bool(following) and following[0].kind == "heading" \
            and following[0].box.element_tag == "h2"
        share = fill(page)
        if share < minimum and not ends_chapter:
            problems.append(f"p{number}: {share:.0%} full, and its chapter goes on")
    return problems
