"""Lays a plan text out as a province's document system would print it: a
born-digital PDF made with reportlab (not kehoach's writer), A4 with the
margins of Nghị định 30, Liberation Serif 14 pt justified with a 1 cm first
line indent, the header as a borderless two-column table (issuer and "Số:"
left, the national motto and the place and date right), the page number at
the top from page 2, a running footer, "Nơi nhận" beside the signature.

Each line of the source text is one paragraph (a seed's hard breaks stay
short lines), so the PDF says exactly what the text says.

    layout_plan.py SEED.txt OUT.pdf [--pages-extra N]
"""

import os
import re
import sys
import unicodedata
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FONTS = os.path.join(ROOT, "assets", "fonts")
for name, file in [("Serif", "LiberationSerif-Regular.ttf"), ("Serif-Bold", "LiberationSerif-Bold.ttf"),
                   ("Serif-Italic", "LiberationSerif-Italic.ttf")]:
    pdfmetrics.registerFont(TTFont(name, os.path.join(FONTS, file)))

BODY = ParagraphStyle("body", fontName="Serif", fontSize=14, leading=18, alignment=TA_JUSTIFY,
                      firstLineIndent=1 * cm, spaceAfter=3)
TITLE = ParagraphStyle("title", parent=BODY, fontName="Serif-Bold", alignment=TA_CENTER, firstLineIndent=0)
CELL = ParagraphStyle("cell", fontName="Serif", fontSize=13, leading=16, alignment=TA_CENTER)
CELL_BOLD = ParagraphStyle("cellb", parent=CELL, fontName="Serif-Bold")
LEFT = ParagraphStyle("left", fontName="Serif", fontSize=12, leading=14, alignment=TA_LEFT)


def lines_of(path):
    text = unicodedata.normalize("NFC", open(path, encoding="utf-8").read())
    return [l.strip() for l in text.splitlines()]


def is_caps(s):
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def para(text, style):
    return Paragraph(escape(text), style)


def split(lines):
    """(before, header_left, header_right, body, sign_left, sign_right)."""
    kept = [l for l in lines if l and l != "|"]
    motto = next((i for i, l in enumerate(kept[:40]) if l.upper().startswith("CỘNG")), None)
    before, left, right, rest = [], [], [], kept
    if motto is not None:
        start = motto
        while start > 0 and motto - start < 4 and not kept[start - 1].startswith(("Số hiệu", "Người ký", "Lĩnh vực")):
            start -= 1
        before, left = kept[:start], kept[start:motto]
        i = motto
        while i < len(kept) and not kept[i].startswith("Số"):
            right.append(kept[i])
            i += 1
        if i < len(kept) and kept[i].startswith("Số"):
            left.append(kept[i])
            i += 1
        if i < len(kept) and re.search(r"ngày\s+\d+\s+tháng", kept[i]):
            right.append(kept[i])
            i += 1
        rest = kept[i:]
    sign_left, sign_right = [], []
    at = next((i for i, l in enumerate(rest) if l.startswith("Nơi nhận")), None)
    if at is not None:
        tail = rest[at:]
        cut = next((i for i, l in enumerate(tail) if l.startswith(("TM.", "KT.", "TL.", "CHỦ TỊCH"))), len(tail))
        sign_left, sign_right = tail[:cut], tail[cut:]
        rest = rest[:at]
    return before, left, right, rest, sign_left, sign_right


def story(lines):
    before, left, right, body, sign_left, sign_right = split(lines)
    out = [para(l, BODY) for l in before]
    if left or right:
        cells = [[[para(l, CELL_BOLD) for l in left], [para(l, CELL_BOLD if is_caps(l) else CELL) for l in right]]]
        t = Table(cells, colWidths=[6.3 * cm, 10.2 * cm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        out += [t, Spacer(1, 8 * mm)]
    first_item = next((i for i, l in enumerate(body) if re.match(r"^(I|1)\.\s", l)), len(body))
    for i, l in enumerate(body):
        out.append(para(l, TITLE if is_caps(l) and i < first_item else BODY))
    if sign_left or sign_right:
        cells = [[[para(l, LEFT) for l in sign_left], [para(l, CELL_BOLD) for l in sign_right]]]
        t = Table(cells, colWidths=[7.5 * cm, 9 * cm])
        t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
        out += [Spacer(1, 6 * mm), t]
    return out


def furniture(canvas, doc):
    canvas.saveState()
    n = canvas.getPageNumber()
    if n > 1:
        canvas.setFont("Serif", 13)
        canvas.drawCentredString(A4[0] / 2 + 1 * cm, A4[1] - 12 * mm, str(n))
    canvas.setFont("Serif-Italic", 9)
    canvas.drawString(30 * mm, 10 * mm, f"Văn bản điện tử - Trang {n}")
    canvas.restoreState()


def build(seed, out):
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=30 * mm, rightMargin=15 * mm, topMargin=20 * mm,
                            bottomMargin=20 * mm, title="Kế hoạch", author="Ủy ban nhân dân")
    doc.build(story(lines_of(seed)), onFirstPage=furniture, onLaterPages=furniture)


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
