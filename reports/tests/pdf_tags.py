"""Reading a tagged PDF's structure back with pikepdf: the structure elements in document
order (the reading order), each with its tag and the text of the marked content it owns.

The text is found the way a screen reader finds it: each element lists the marked-content ids
(MCIDs) it owns on its page; the page's content stream draws that text between
`/Tag <</MCID n>> BDC` and `EMC`; the font's ToUnicode map turns its glyph ids back into
characters. Nothing here reads the text by its position on the page."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pikepdf

_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _hex_units(text: bytes) -> list[int]:
    return [int(text[i:i + 4], 16) for i in range(0, len(text), 4)]


def to_unicode(font) -> dict[int, str]:
    """A font's ToUnicode map as {glyph id: text}, from its bfchar and bfrange lines (the
    two-byte Identity-H codes WeasyPrint writes)."""
    if "/ToUnicode" not in font:
        return {}
    data = font.ToUnicode.read_bytes()
    found: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for line in block.strip().splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 2:
                found[int(codes[0], 16)] = "".join(map(chr, _hex_units(codes[1])))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in block.strip().splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 3:
                start, end, first = int(codes[0], 16), int(codes[1], 16), int(codes[2], 16)
                for offset in range(end - start + 1):
                    found[start + offset] = chr(first + offset)
    return found


def _decode(raw: bytes, cmap: dict[int, str]) -> str:
    return "".join(cmap.get(int.from_bytes(raw[i:i + 2], "big"), "")
                   for i in range(0, len(raw) - 1, 2))


def read_content(page) -> tuple[dict[int, str], list[str]]:
    """One page's marked content: {MCID: the text drawn inside it}, and the text drawn
    outside any marked content (neither tagged nor an artifact: PDF/UA allows none). The form
    XObjects the page draws are read too (WeasyPrint draws an SVG's end-anchored text as
    one)."""
    texts: dict[int, list[str]] = {}
    unmarked: list[str] = []
    stack: list[int | None] = []  # the open marked contents: an MCID, or None (an artifact)

    def read(stream, resources) -> None:
        fonts = resources.get("/Font", {})
        cmaps = {name: to_unicode(font) for name, font in fonts.items()}
        forms = resources.get("/XObject", {})
        cmap: dict[int, str] = {}
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op == "BDC":
                props = operands[1]
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                stack.append(int(mcid) if mcid is not None else None)
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC":
                stack.pop()
            elif op == "Tf":
                cmap = cmaps.get(str(operands[0]), {})
            elif op in ("Tj", "TJ", "'", '"'):
                strings = operands[0] if op == "TJ" else [operands[-1]]
                text = "".join(_decode(bytes(s), cmap) for s in strings
                               if isinstance(s, pikepdf.String))
                owner = next((m for m in reversed(stack) if m is not None), None)
                if owner is not None:
                    texts.setdefault(owner, []).append(text)
                elif not stack:
                    unmarked.append(text)
            elif op == "Do":
                form = forms.get(str(operands[0]))
                if form is not None and form.get("/Subtype") == "/Form":
                    read(form, form.get("/Resources", resources))

    read(page.obj, page.Resources)
    return {mcid: "".join(parts) for mcid, parts in texts.items()}, unmarked


@dataclass
class Element:
    tag: str  # "H2", "Table", "TH", ...
    obj: pikepdf.Dictionary
    parent: Element | None = None
    page: int | None = None  # the index of the page it starts on
    text: str = ""  # the text of every marked content it owns, its descendants' included
    children: list[Element] = field(default_factory=list, repr=False)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def find(self, *tags: str) -> list[Element]:
        return [e for e in self.walk() if e.tag in tags]

    def ancestors(self):
        element = self.parent
        while element is not None:
            yield element
            element = element.parent

    @property
    def alt(self) -> str | None:
        return str(self.obj.Alt) if "/Alt" in self.obj else None


HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


@dataclass
class TaggedPdf:
    pdf: pikepdf.Pdf
    root: Element  # the /Document element
    unmarked: list[str]  # text drawn outside any marked content, over all pages

    def elements(self) -> list[Element]:
        """Every structure element in reading order (depth first)."""
        return list(self.root.walk())

    def find(self, *tags: str) -> list[Element]:
        return self.root.find(*tags)

    def headings(self) -> list[tuple[int, str]]:
        """(level, text) of every heading, in reading order."""
        return [(int(e.tag[1]), e.text) for e in self.find(*HEADINGS)]

    @property
    def info_title(self) -> str:
        return str(self.pdf.docinfo.get("/Title", ""))

    @property
    def xmp_title(self) -> str:
        with self.pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            return str(meta.get("dc:title", ""))


def read(data: bytes) -> TaggedPdf:
    """Open a PDF and build its structure tree with each element's text. An untagged PDF
    fails an assertion."""
    pdf = pikepdf.open(io.BytesIO(data))
    assert "/StructTreeRoot" in pdf.Root, "untagged PDF: no /StructTreeRoot"
    index = {page.objgen: i for i, page in enumerate(pdf.pages)}
    contents = [read_content(page) for page in pdf.pages]

    def text_on(page_obj, mcid: int) -> str:
        return contents[index[page_obj.objgen]][0].get(mcid, "")

    def build(obj, page, parent) -> Element:
        page = obj.get("/Pg", page)
        element = Element(tag=str(obj.get("/S", "/StructTreeRoot"))[1:], obj=obj,
                          parent=parent, page=None if page is None else index[page.objgen])
        kids = obj.get("/K")
        if kids is None:
            kids = []
        elif not isinstance(kids, pikepdf.Array):
            kids = [kids]
        parts = []
        for kid in kids:
            if isinstance(kid, int):  # an MCID on the element's page
                parts.append(text_on(page, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                parts.append(text_on(kid.get("/Pg", page), int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                continue  # an annotation (a link's rectangle): no text of its own
            elif isinstance(kid, pikepdf.Dictionary):
                child = build(kid, page, element)
                element.children.append(child)
                parts.append(child.text)
        element.text = "".join(parts)
        return element

    root = build(pdf.Root.StructTreeRoot, None, None)
    if len(root.children) == 1 and root.children[0].tag == "Document":
        root = root.children[0]
        root.parent = None
    return TaggedPdf(pdf=pdf, root=root,
                     unmarked=[text for _texts, unmarked in contents for text in unmarked])
