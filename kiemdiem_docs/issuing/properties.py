"""What a document's properties say: the columns a clerk's file manager shows and searches.

Its title is its kind and number («Quyết định số 15-QĐ/ĐUK»), or its kind and recipient
when it has no number yet; its subject, the trích yếu; its author, the body that issues
it; its dates, the date of issue. Everything here comes from what the document says,
so a document written again from its registered data gets the same bytes.
"""

from __future__ import annotations

from .. import kinds as kinds_mod
from .. import vn
from ..config import Config
from ..kinds import KHOI, Doc, Issue, issuing_name
from ..ooxml import Properties
from ..roster import Roster

# The name of each kind of document, as a title before its number (FORMAT.md).
NAMES = {"CV": "Công văn", "GM": "Giấy mời", "TB": "Thông báo", "BB": "Biên bản",
         "QĐ": "Quyết định", "BC": "Báo cáo"}


def properties_of(doc: Doc, issue: Issue | None, config: Config, roster: Roster) -> Properties:
    """The properties of ``doc``, issued (or not yet numbered) as ``issue`` says."""
    kind = kinds_mod.get(doc.kind)
    issue = issue or Issue(None, None)
    if not kind.own_number:  # a certificate: it carries its decision's number, not its own
        title = f"{kind.title} – {doc.recipient}"
    elif issue.number is None:
        title = f"{NAMES.get(kind.symbol, kind.title)} – {doc.recipient}"
    else:
        number = vn.doc_number(issue.number, kind.symbol, doc.issuer)
        # «Quyết định số 15-QĐ/ĐUK»: the number line, its «Số» in lower case after the kind.
        title = f"{NAMES.get(kind.symbol, kind.title)} {number[0].lower()}{number[1:]}"
    body = config.co_quan["ten"]
    creator = body
    if kind.issuer != KHOI and doc.org is not None:
        org = roster.org(doc.org)
        creator = issuing_name(org) if org is not None else body
    subject = doc.context.get("trich_yeu")
    return Properties(title=title, subject=subject if isinstance(subject, str) else None,
                      creator=creator, company=body, issued=issue.date,
                      keywords=pack_keywords(config))


def pack_keywords(config: Config) -> str:
    """The packs a document is made under, as its keywords say them (check reads them)."""
    return f"thể thức {config.the_thuc.ten}; quy định {config.quy_dinh.ten}"

