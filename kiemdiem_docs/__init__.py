"""kiemdiem-docs: văn bản kiểm điểm, đánh giá, xếp loại chất lượng tổ chức cơ sở đảng."""

__version__ = "0.1.0"
