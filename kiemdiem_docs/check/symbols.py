"""The symbols of a number line (`Số 05-NQ/ĐUK`): every kind of Party document with its
abbreviation and its printed title, and the form an issuer's abbreviation takes.

The kinds are those of Hướng dẫn 36-HD/VPTW (2018), the Party's own guide, so that a
document the tool did not make is judged by the same table as one it made. Giấy mời is
kept although the guide files it among administrative papers: FORMAT.md borrows it.
"""

from __future__ import annotations

from .measured import quote

# (title as printed, abbreviation); None: the kind prints no title (a công văn's subject
# sits under its number instead).
KINDS: tuple[tuple[str | None, str], ...] = (
    ("NGHỊ QUYẾT", "NQ"),
    ("QUYẾT ĐỊNH", "QĐ"),
    ("CHỈ THỊ", "CT"),
    ("KẾT LUẬN", "KL"),
    ("QUY CHẾ", "QC"),
    # HD 36 writes «QĐi» (Quy định 08-QĐi/TW, 2018); «QyĐ» is the State's, from Nghị định
    # 30/2020, two years later.
    ("QUY ĐỊNH", "QĐi"),
    # The Central Committee has numbered its quy định with «QĐ» since 2019 (Quy định
    # 124-QĐ/TW, which FORMAT.md cites), so «QĐ» may stand over either title.
    ("QUY ĐỊNH", "QĐ"),
    ("THÔNG TRI", "TT"),
    ("HƯỚNG DẪN", "HD"),
    ("THÔNG BÁO", "TB"),
    ("THÔNG CÁO", "TC"),
    ("TUYÊN BỐ", "TBo"),
    ("LỜI KÊU GỌI", "LKG"),
    ("BÁO CÁO", "BC"),
    ("TỜ TRÌNH", "TTr"),
    ("KẾ HOẠCH", "KH"),
    ("QUY HOẠCH", "QH"),
    ("CHƯƠNG TRÌNH", "CTr"),
    ("ĐỀ ÁN", "ĐA"),
    ("DỰ ÁN", "DA"),
    ("PHƯƠNG ÁN", "PA"),
    (None, "CV"),
    ("BIÊN BẢN", "BB"),
    ("GIẤY MỜI", "GM"),
    ("GIẤY GIỚI THIỆU", "GGT"),
    ("GIẤY CHỨNG NHẬN", "GCN"),
    ("GIẤY ĐI ĐƯỜNG", "GĐĐ"),
    ("GIẤY NGHỈ PHÉP", "GNP"),
    ("PHIẾU GỬI", "PG"),
    ("PHIẾU CHUYỂN", "PC"),
    ("PHIẾU BÁO", "PB"),
)

ABBREVIATIONS: tuple[str, ...] = tuple(dict.fromkeys(a for _, a in KINDS))
_STATE_STYLE = {"QyĐ": "QĐi"}  # the State's abbreviation → the Party's, for the message


def titles(kind: str) -> tuple[str, ...]:
    """The titles a document numbered with ``kind`` may print; empty for a công văn."""
    return tuple(t for t, a in KINDS if a == kind and t)


def kind_problem(t: str, kind: str) -> str | None:
    """Why ``kind`` is not a kind's abbreviation of the annex, or None when it is."""
    if kind in ABBREVIATIONS:
        return None
    if kind in _STATE_STYLE:
        return (f"{quote(t)}: «{kind}» là chữ viết tắt của văn bản Nhà nước; văn bản Đảng "
                f"viết «{_STATE_STYLE[kind]}»")
    if not kind:
        return f"{quote(t)}: thiếu ký hiệu loại văn bản giữa «-» và «/» (như «Số 05-NQ/ĐUK»)"
    return (f"{quote(t)}: ký hiệu loại văn bản «{kind}» không có trong Hướng dẫn "
            f"36-HD/VPTW ({', '.join(ABBREVIATIONS)})")


def issuer_problem(t: str, issuer: str) -> str | None:
    """Why ``issuer`` is not written as an issuer's abbreviation, or None when it is.

    Judged by its form, since every committee and body has its own: upper-case initials
    and digits written together (ĐUK, CB1, BCSĐBTC, VPTW), bodies issuing jointly joined
    by «-» (BTCTU-BDVTU). One lower-case letter may follow a capital, as in «ThU» (a
    town committee, told apart from «TU») and as the kinds' own «CTr», «TTr» do.
    """
    want = ("viết liền bằng chữ in hoa và chữ số (ĐUK, CB1, BCSĐBTC), các cơ quan liên "
            "tịch nối bằng «-» (BTCTU-BDVTU)")
    if not issuer:
        return f"{quote(t)}: thiếu ký hiệu cơ quan ban hành sau «/»; ký hiệu cơ quan {want}"
    if not all(_well_formed(part) for part in issuer.split("-")):
        return f"{quote(t)}: ký hiệu cơ quan «{issuer}» sai dạng; ký hiệu cơ quan {want}"
    return None


def _well_formed(part: str) -> bool:
    if not part or not (part[0].isupper() or part[0].isdigit()):
        return False
    if not (part[-1].isupper() or part[-1].isdigit()):
        return False
    previous = ""
    for ch in part:
        if ch.islower():
            if not previous.isupper():  # a lower-case letter only right after a capital
                return False
        elif not (ch.isupper() or ch.isdigit()):
            return False
        previous = ch
    return True
