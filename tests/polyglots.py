"""The hostile uploads of issue 26: files that pass the upload checks (right extension, right
first bytes, an image Pillow reads) and are also a script or a web page, under names long
enough that cutting them to 200 characters used to leave the inner, dangerous extension.

`GIF_JS` is a real GIF and a script (``GIF89a/*…*/=1;`` then the payload); `pdf_html(src)` starts
``%PDF-`` and is a page loading ``src`` as a script; `png_html(src)` is a real PNG with such a
page appended."""

from __future__ import annotations

from io import BytesIO

from PIL import Image

GIF_JS_NAME = "a" * 197 + ".js.gif"
PDF_HTML_NAME = "b" * 195 + ".html.pdf"
PNG_HTML_NAME = "f" * 195 + ".html.png"

# What the script does when it runs: marks the page and calls home. The browser test watches
# for both; nothing in the portal answers /pwned/.
PAYLOAD = ("document.title='pwned';window.pwned=1;"
           "new Image().src='/pwned/'+encodeURIComponent(location.pathname);")


def gif_js(payload: str = PAYLOAD) -> bytes:
    out = BytesIO()
    Image.new("P", (1, 1)).save(out, "GIF")
    gif = bytearray(out.getvalue())
    gif[:6] = b"GIF89a"
    gif[6:8] = b"/*"  # the logical screen's width: opens a script comment (10799 px wide)
    assert b"*/" not in gif[8:]
    return bytes(gif) + b"*/=1;" + payload.encode() + b"//"


def page(src: str) -> bytes:
    return (f'<!doctype html><html lang="en"><head><title>polyglot</title></head><body>'
            f'<script src="{src}"></script><script>{PAYLOAD}</script></body></html>').encode()


def pdf_html(src: str) -> bytes:
    return b"%PDF-1.4\n" + page(src)


def png_html(src: str) -> bytes:
    out = BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue() + page(src)


GIF_JS = gif_js()


def is_safe(response, *, inline_ok: bool) -> list[str]:
    """What is wrong with the headers a polyglot was served with (empty: nothing)."""
    wrong = []
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    if (content_type in ("text/html", "text/xml", "application/xml", "text/plain", "")
            or content_type.endswith("+xml")
            or any(kind in content_type for kind in ("javascript", "ecmascript"))):
        wrong.append(f"Content-Type {content_type!r}")
    if response.get("X-Content-Type-Options", "").lower() != "nosniff":
        wrong.append("no nosniff")
    csp = response.get("Content-Security-Policy", "")
    directives = [d.strip() for d in csp.split(";")]
    if "sandbox" not in directives or "default-src 'none'" not in directives:
        wrong.append(f"CSP {csp!r}")
    disposition = response.get("Content-Disposition", "")
    if not inline_ok and not disposition.startswith("attachment"):
        wrong.append(f"Content-Disposition {disposition!r}")
    return wrong


def headers(response) -> dict:
    return {name: response.get(name) for name in (
        "Content-Type", "Content-Disposition", "X-Content-Type-Options",
        "Content-Security-Policy", "Cache-Control")}
