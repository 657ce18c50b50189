"""Templates of the documents a grassroots organisation issues itself."""

from __future__ import annotations

from .base import Builder
from .tables import CENTER


def giay_moi(b: Builder) -> None:
    """The organisation invites the Khối's delegate to attend and direct its meeting."""
    b.header()
    b.title("GIẤY MỜI", "dự, chỉ đạo hội nghị kiểm điểm, đánh giá, xếp loại chất lượng "
                        "năm {{ nam }}")
    b.para("Kính gửi: Đồng chí ", "{{ hop.dai_bieu }}",
           "{% if hop.chuc_vu_dai_bieu %}, {{ hop.chuc_vu_dai_bieu }}{% endif %}",
           align=CENTER, space_after=6)
    b.body(
        "Thực hiện {{ cong_van }} về việc kiểm điểm và đánh giá, xếp loại chất lượng đối với "
        "tập thể, cá nhân năm {{ nam }}, ", "{{ org.ten_cap_uy }}",
        " tổ chức hội nghị kiểm điểm, đánh giá, xếp loại chất lượng tập thể, cá nhân "
        "năm {{ nam }}.",
    )
    b.body(
        "Trân trọng kính mời đồng chí đến dự, chỉ đạo hội nghị."
        "{% if hop.cung_du %} Cùng dự có {{ hop.cung_du }}.{% endif %}"
    )
    b.body(("Thời gian: ", {"bold": True}), "{{ hop.gio_thu_ngay }}.")
    b.body(("Địa điểm: ", {"bold": True}), "{{ hop.dia_diem }}.")
    b.body("Rất mong đồng chí quan tâm, dành thời gian đến dự" + b.ending("Giấy mời"))
    b.signature()
