"""Word lists the invented round is assembled from (see :mod:`kiemdiem_docs.synth`).

Organisation names follow the real kinds of bodies in a Khối (companies, schools,
hospitals, provincial departments, banks); brand words and people are invented.
"""

# Family names with roughly their share in Vietnam (Nam Định has many Vũ, Trần).
FAMILY = [(w, float(p)) for w, p in (s.split(":") for s in (
    "Nguyễn:34 Trần:12 Lê:9 Phạm:7 Hoàng:4 Vũ:6 Đặng:2.5 Bùi:2.5 Đỗ:2 Hồ:1 Ngô:1.5 Dương:1 "
    "Lý:0.5 Phan:2 Đinh:1.5 Trịnh:1 Mai:1 Đoàn:1 Lương:0.7 Cao:0.7 Tạ:0.5 Lại:0.4 Phí:0.3"
).split())]
MIDDLE_M = ("Văn " * 6 + "Đức Minh Quang Hữu Công Xuân Thanh Ngọc Mạnh Tiến Duy Trọng").split()
MIDDLE_F = ("Thị " * 12 + "Thu Thanh Ngọc Thúy Minh Hồng Phương Kim Bích Hải").split()
SECOND_F = "Thu Hồng Thanh Ngọc Lan Kim".split()
# Given names include the pairs that plain sorting gets wrong (Anh/Ánh, Uyên/Ước, Dũng/Đức).
GIVEN_M = (
    "Anh Bình Cường Dũng Đức Đạt Dương Hải Hùng Huy Hưng Khánh Long Minh Nam Phong Quân Sơn "
    "Thắng Thành Trung Tuấn Tú Việt Vinh Ơn Ân Ước Toàn Hiếu Lâm Kiên Hòa Thịnh Tùng Chiến"
).split()
GIVEN_F = (
    "Anh Ánh Hà Hằng Hạnh Hoa Hồng Hương Huyền Lan Linh Loan Mai Nga Ngọc Nhung Oanh Phương "
    "Quỳnh Thảo Thu Thủy Trang Uyên Vân Yến Dung Giang Hiền Lý Tâm Thơm"
).split()

PLACES = (
    "Nam Định|Thành Nam|Vị Hoàng|Thiên Trường|Ý Yên|Hải Hậu|Giao Thủy|Nghĩa Hưng|Xuân Trường|"
    "Trực Ninh|Nam Trực|Vụ Bản|Mỹ Lộc|Sông Hồng|Non Côi"
).split("|")
BRANDS = (
    "Thành Nam|Sông Hồng|Hoàng Long|Vị Hoàng|Thiên Trường|Nam Hà|Phù Nghĩa|Minh Bảo|Hưng Thịnh|"
    "Đại Phát|An Bình|Thành Công|Phú Hưng Đạt|Tiến Thành|Tân Phong|Quang Minh|Đông Hải|Phúc Lộc"
).split("|")
STREETS = (
    "Trần Hưng Đạo|Hà Huy Tập|Lê Hồng Phong|Điện Biên|Hùng Vương|Trường Chinh|Giải Phóng|"
    "Văn Cao|Đông A|Nguyễn Du|Hàn Thuyên|Trần Đăng Ninh|Mạc Thị Bưởi|Quang Trung"
).split("|")
COMPANY_FIELDS = (
    "Dệt may|Xây dựng|Cơ khí|Vận tải|Thương mại|Dược phẩm|Môi trường đô thị|Cấp nước|"
    "Xuất nhập khẩu|Chế biến thực phẩm|Đầu tư và Phát triển|Giống cây trồng|In|Vật liệu xây dựng|"
    "Du lịch|Tư vấn thiết kế|Khai thác công trình thủy lợi|Sách và Thiết bị trường học"
).split("|")
AGENCIES = (
    "Tài chính|Xây dựng|Giáo dục và Đào tạo|Y tế|Tư pháp|Công Thương|Nội vụ|Giao thông vận tải|"
    "Tài nguyên và Môi trường|Khoa học và Công nghệ|Văn hóa, Thể thao và Du lịch|"
    "Lao động – Thương binh và Xã hội|Nông nghiệp và Phát triển nông thôn|Kế hoạch và Đầu tư|"
    "Thông tin và Truyền thông"
).split("|")

# kind of body: (share, name patterns, units inside a đảng bộ, job titles)
KINDS = {
    "company": (50, ("Công ty Cổ phần {f} {b}", "Công ty TNHH {f} {b}",
                     "Công ty TNHH Một thành viên {f} {b}"),
                "Phòng Kế toán|Phòng Kỹ thuật|Phòng Tổ chức – Hành chính|Phân xưởng Sợi|"
                "Phân xưởng Dệt|Xí nghiệp số 1|Xí nghiệp số 2|Đội Xe|Phòng Kinh doanh",
                "Giám đốc|Phó Giám đốc|Trưởng phòng|Kế toán|Kỹ sư|Công nhân|Nhân viên|Tổ trưởng"),
    "school": (10, ("Trường Cao đẳng {f2} {p}",),
               "Khoa Cơ bản|Khoa Kinh tế|Khoa Kỹ thuật|Phòng Đào tạo|Khối Văn phòng",
               "Hiệu trưởng|Phó Hiệu trưởng|Trưởng khoa|Giảng viên|Chuyên viên|Nhân viên"),
    "hospital": (8, ("Bệnh viện {f3} {p}",),
                 "Khoa Nội|Khoa Ngoại|Khoa Khám bệnh|Khoa Hồi sức cấp cứu|Khối Hành chính",
                 "Giám đốc|Trưởng khoa|Bác sĩ|Điều dưỡng|Dược sĩ|Kỹ thuật viên|Nhân viên"),
    "agency": (10, ("Sở {a}",),
               "Văn phòng Sở|Thanh tra Sở|Phòng Kế hoạch – Tài chính|Phòng Quản lý chuyên ngành",
               "Giám đốc Sở|Phó Giám đốc Sở|Chánh Văn phòng|Trưởng phòng|Chuyên viên"),
    "bank": (10, ("Ngân hàng Thương mại Cổ phần {b} Chi nhánh {p}",),
             "Phòng Khách hàng|Phòng Kế toán – Ngân quỹ|Phòng Tổng hợp|Phòng Giao dịch Trung tâm",
             "Giám đốc|Phó Giám đốc|Trưởng phòng|Giao dịch viên|Cán bộ tín dụng|Kế toán"),
    "center": (12, ("Trung tâm {f4} {p}",),
               "Phòng Hành chính|Phòng Nghiệp vụ|Phòng Dịch vụ",
               "Giám đốc|Phó Giám đốc|Viên chức|Chuyên viên|Nhân viên"),
}
FIELDS2 = "Kỹ thuật|Y tế|Sư phạm|Nghề|Kinh tế – Kỹ thuật|Công nghiệp|Văn hóa Nghệ thuật".split("|")
FIELDS3 = "Đa khoa|Phụ sản|Nhi|Mắt|Y học cổ truyền|Lao và Bệnh phổi|Phục hồi chức năng".split("|")
FIELDS4 = (
    "Kiểm soát bệnh tật|Xúc tiến đầu tư|Dịch vụ việc làm|Quan trắc môi trường|"
    "Phát triển quỹ đất|Đăng kiểm xe cơ giới|Công nghệ thông tin"
).split("|")
ROOMS = (
    "Hội trường tầng 2|Phòng họp số 1|Phòng họp tầng 3|Hội trường lớn|Phòng họp giao ban|"
    "Hội trường trụ sở cơ quan"
).split("|")
LEADERS = (
    "Bí thư Đảng ủy Khối|Phó Bí thư Thường trực Đảng ủy Khối|Phó Bí thư Đảng ủy Khối|"
    "Ủy viên Ban Thường vụ, Trưởng Ban Tổ chức Đảng ủy Khối|"
    "Ủy viên Ban Thường vụ, Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Khối|"
    "Ủy viên Ban Thường vụ, Trưởng Ban Tuyên giáo Đảng ủy Khối|"
    "Ủy viên Ban Thường vụ, Chánh Văn phòng Đảng ủy Khối|"
    "Ủy viên Ban Thường vụ, Trưởng Ban Dân vận Đảng ủy Khối"
).split("|")
EXTRA_LEADER = "Ủy viên Ban Chấp hành Đảng bộ Khối"
STAFF = "Chuyên viên Ban Tổ chức Đảng ủy Khối"
