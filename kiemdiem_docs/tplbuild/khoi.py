"""Templates of the documents the Khối issues to its organisations."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH

from .base import Builder
from .tables import CENTER, LEFT

B = {"bold": True}


def cong_van(b: Builder) -> None:
    """The round's letter to one organisation, shaped like cong-van-820-CV-DUK."""
    b.header(subject=True)
    b.para("Kính gửi: ", "{{ org.ten_cap_uy }}", align=CENTER, space_after=6)
    b.body(
        "Thực hiện {{ dot.thuc_hien }}; Ban Thường vụ Đảng ủy Khối đề nghị ",
        "{{ org.ten_cap_uy }}",
        " tập trung lãnh đạo, chỉ đạo triển khai kiểm điểm và đánh giá, xếp loại chất lượng "
        "tổ chức đảng, đảng viên và tập thể, cá nhân cán bộ lãnh đạo, quản lý năm {{ nam }}, "
        "cụ thể như sau:",
    )
    b.body(
        "1. Về mục đích, yêu cầu; nội dung kiểm điểm tự phê bình và phê bình; việc đánh giá, "
        "xếp loại chất lượng tổ chức đảng, đảng viên và tập thể, cá nhân cán bộ lãnh đạo, quản lý "
        "năm {{ nam }}; công tác khen thưởng: thực hiện theo {{ dot.huong_dan }}."
        "{% if dot.khen_thuong_them %} Riêng phần khen thưởng ngoài quy định, Ban Thường vụ "
        "Đảng ủy Khối sẽ xét tặng giấy khen cho tổ chức cơ sở đảng "
        "{{ dot.khen_thuong_them }}.{% endif %}"
    )
    b.body(("2. Tổ chức thực hiện", B))
    b.body(
        "2.1. ", ("{{ org.ten }}", {}),
        ": xây dựng kế hoạch và triển khai thực hiện; ",
        ("báo cáo lịch và mời đại biểu Đảng ủy Khối dự, chỉ đạo kiểm điểm", B),
        "{% if hop %} (hội nghị kiểm điểm dự kiến tổ chức {{ hop.luc }}, tại "
        "{{ hop.dia_diem }}){% endif %}; tổng kết công tác xây dựng "
        "đảng năm {{ nam }}, hoàn thành và báo cáo kết quả gửi về Ban Thường vụ Đảng ủy Khối "
        "(qua Ban Tổ chức) ",
        ("trước ngày {{ dot.han_bao_cao }}", B),
        " (hồ sơ báo cáo theo danh mục gửi kèm).",
    )
    b.body(
        "2.2. {% if phu_trach %}{{ phu_trach.nguoi }}, "
        "phụ trách Cụm {{ org.cum }}{% else %}Đồng chí Ủy viên Ban Thường vụ Đảng ủy Khối phụ "
        "trách cụm cơ sở{% endif %} trực tiếp theo dõi, đôn đốc thực hiện, dự chỉ đạo kiểm điểm "
        "và phân công cán bộ cơ quan chuyên trách tham mưu giúp việc nắm tình hình, hướng dẫn "
        "kiểm điểm bảo đảm chất lượng và hoàn thành theo tiến độ."
    )
    b.body(
        "2.3. Giao Ban Tổ chức chủ trì, phối hợp các cơ quan tham mưu giúp việc Ban Thường vụ "
        "Đảng ủy Khối theo dõi, hướng dẫn, tổng hợp việc kiểm điểm tự phê bình và phê bình; "
        "tham mưu đánh giá, xếp loại chất lượng tổ chức cơ sở đảng và đảng viên."
    )
    b.body(
        "2.4. Ban Thường vụ Đảng ủy Khối hoàn thành việc xem xét, đánh giá, quyết định xếp loại "
        "chất lượng tập thể, cá nhân; quyết định khen thưởng tổ chức cơ sở đảng năm {{ nam }} ",
        ("trước ngày {{ dot.han_quyet_dinh }}", B),
        "; báo cáo kết quả về Ban Thường vụ Tỉnh ủy theo quy định.",
    )
    b.body(
        "Đề nghị ", "{{ org.ten_cap_uy }}",
        " căn cứ Công văn triển khai thực hiện bảo đảm thời gian quy định; trong quá trình triển "
        "khai thực hiện, nếu có vướng mắc kịp thời phản ánh về Ban Thường vụ Đảng ủy Khối để "
        "xem xét, quyết định" + b.ending("Công văn"),
    )
    b.signature()
    # The checklist of the report file, on its own page.
    b.page_break()
    b.para("DANH MỤC", align=CENTER, bold=True, size=15)
    b.para("hồ sơ báo cáo kết quả kiểm điểm, đánh giá, xếp loại chất lượng năm {{ nam }}",
           align=CENTER, bold=True)
    b.attached_to()
    b.grid((("STT", 1.3), ("Tài liệu", 12.7), ("Số bản", 2.5)),
           ("{{ r.stt }}", ("{{ r.ten }}", WD_ALIGN_PARAGRAPH.JUSTIFY), "01"),
           loop="r in ho_so", size=13)
    b.para("")
    b.body("Hồ sơ gửi về Ban Thường vụ Đảng ủy Khối (qua Ban Tổ chức) ",
           ("trước ngày {{ dot.han_bao_cao }}", B), ".")


def thong_bao_lich(b: Builder) -> None:
    """One notice with every review meeting, by date, and who attends it."""
    b.header()
    b.title("THÔNG BÁO", "lịch dự, chỉ đạo kiểm điểm, đánh giá, xếp loại chất lượng "
                         "năm {{ nam }} tại các tổ chức cơ sở đảng")
    b.body(
        "Căn cứ lịch kiểm điểm do các tổ chức cơ sở đảng báo cáo, Ban Thường vụ Đảng ủy Khối "
        "thông báo lịch dự, chỉ đạo hội nghị kiểm điểm, đánh giá, xếp loại chất lượng tập thể, "
        "cá nhân năm {{ nam }} tại {{ so_to_chuc }} tổ chức cơ sở đảng như sau:"
    )
    b.grid(
        (("STT", 1.3), ("Thời gian", 2.8), ("Tổ chức cơ sở đảng", 4.2), ("Địa điểm", 2.9),
         ("Đại biểu dự, chỉ đạo", 3.0), ("Cán bộ đi cùng", 2.3)),
        ("{{ r.stt }}", "{{ r.thoi_gian }}", ("{{ r.to_chuc }}", LEFT), ("{{ r.dia_diem }}", LEFT),
         ("{{ r.dai_bieu }}", LEFT), ("{{ r.can_bo_du }}", LEFT)),
        loop="r in lich", size=12,
    )
    b.para("")
    b.body(
        "Đề nghị các đồng chí được phân công bố trí thời gian dự, chỉ đạo; các tổ chức cơ sở "
        "đảng chuẩn bị chu đáo nội dung hội nghị và báo cáo kết quả về Ban Thường vụ Đảng ủy "
        "Khối (qua Ban Tổ chức) trước ngày {{ dot.han_bao_cao }}" + b.ending("Thông báo")
    )
    b.signature()
