"""The scrubber, table-driven: every secret the hardening review found (issue 14) leaves the
text, and the legal content around it (amounts, document numbers, dates, years, hours,
articles and clauses) stays exactly as written."""
import re
import sqlite3

import pytest

from engine.privacy import scrub

PLACEHOLDER = re.compile(r"\[(?:tên|số điện thoại|số định danh|email|liên kết|địa chỉ|biển số xe|ngày sinh|số tài khoản|"
                         r"số hộ chiếu)\]")


@pytest.mark.parametrize("raw, expected", [
    ("gọi em 0912345678 nhé", "gọi em [số điện thoại] nhé"),
    ("sđt 0912 345 678", "sđt [số điện thoại]"),
    ("số 0912.345.678", "số [số điện thoại]"),
    ("+84 912 345 678 là số của tôi", "[số điện thoại] là số của tôi"),
    ("email: lan.nguyen+ld@congdoan.org.vn", "email: [email]"),
    ("CMND 123456789", "CMND [số định danh]"),
    ("CCCD 001203004567", "CCCD [số định danh]"),
    ("mã số BHXH 7912345678", "mã số BHXH [số định danh]"),
    ("Tôi là Nguyễn Văn An, công nhân", "Tôi là [tên], công nhân"),
    ("em tên Lan làm ở KCN", "em tên [tên] làm ở KCN"),
    ("tên tôi là Trần Thị Bích", "tên tôi là [tên]"),
    ("toi ten la nguyen van an", "toi ten la [tên]"),
    ("CCCD 001 203 004 567", "CCCD [số định danh]"),
    ("001.203.004.567", "[số định danh]"),
    ("(0912) 345 678", "[số điện thoại]"),
    ("SĐT0912345678", "SĐT[số điện thoại]"),
    ("số 12 ngõ 34 phố Huế, Hà Nội, tôi bị nợ lương", "[địa chỉ], tôi bị nợ lương"),
    ("anh Trần Minh Tuấn là tổ trưởng", "anh [tên] là tổ trưởng"),
    ("an.nguyen [at] gmail [dot] com", "[email]"),
    ("facebook.com/nguyen.van.an", "[liên kết]"),
    ("biển số 29A-123.45", "biển số [biển số xe]"),
    ("sinh ngày 12/03/1990", "sinh ngày [ngày sinh]"),
    ("hộ chiếu số B1234567", "hộ chiếu số [số hộ chiếu]"),
    ("STK 0123456789 Vietcombank", "STK [số tài khoản] Vietcombank"),
])
def test_personal_data_is_replaced_by_its_placeholder(raw, expected):
    assert scrub(raw) == expected


SECRETS = [  # (text, parts of it that must not survive)
 ("CCCD 001.203.004.567 của tôi", ["001.203.004.567", "567"]),
 ("số CCCD: 001 203 004 567", ["001 203 004 567", "567"]),
 ("cmnd 001-203-004-567", ["004-567"]),
 ("SĐT0912345678 nhé", ["0912345678"]),
 ("gọi 0912345678đây", ["0912345678"]),
 ("0912345678đ", ["0912345678"]),
 ("0912/345/678", ["345/678", "0912"]),
 ("0912–345–678", ["345–678", "0912"]),
 ("(0912) 345 678", ["345 678", "0912"]),
 ("0912,345,678", ["345,678"]),
 ("o912 345 678", ["345 678"]),
 ("số 09l2 345 678".replace("l","1"), ["345 678"]),
 ("+84 912 345 678", ["912 345 678"]),
 ("+ 84 912 345 678", ["912 345 678"]),
 ("(+84) 912345678", ["912345678"]),
 ("84 912 345 678", ["912 345 678"]),
 ("CCCD001203004567", ["001203004567"]),
 ("hộ chiếu số B1234567", ["B1234567"]),
 ("passport C7654321 hết hạn", ["C7654321"]),
 ("số hộ chiếu: N1234567", ["N1234567"]),
 ("STK 0123456789 Vietcombank", ["0123456789"]),
 ("số tài khoản vcb 0071 0001 23456", ["0071", "23456"]),
 ("tài khoản ngân hàng Techcombank 19034567890123", ["19034567890123"]),
 ("stk: 123456 agribank", ["123456"]),
 ("tôi là nguyễn văn an", ["nguyễn văn an"]),
 ("toi la Nguyen Van An", ["Nguyen", "Van An"]),
 ("toi la nguyen van an", ["nguyen van an"]),
 ("con tên Lê Thị B", ["Lê Thị B"]),
 ("tên là Phạm Minh Khoa ạ", ["Phạm", "Khoa"]),
 ("Tên: Hoàng Thị Mai", ["Hoàng", "Mai"]),
 ("tôi là công nhân Nguyễn Văn An", ["Nguyễn", "An"]),
 ("tôi là chị Hoa ở xưởng may", ["Hoa"]),
 ("Xin cảm ơn. Nguyễn Văn An", ["Nguyễn", "Văn An"]),
 ("cảm ơn luật sư. Trần Thu Hà", ["Trần", "Thu Hà"]),
 ("anh Trần Minh Tuấn là tổ trưởng", ["Trần Minh Tuấn", "Tuấn"]),
 ("chị Lê Thị Hồng bị đuổi", ["Hồng"]),
 ("ông Phạm Văn Đức giám đốc", ["Đức"]),
 ("số 12 ngõ 34 phố Huế, Hà Nội", ["ngõ 34", "phố Huế", "12"]),
 ("nhà tôi ở 45/6 Lê Lợi, phường Bến Nghé", ["45/6", "Lê Lợi", "Bến Nghé"]),
 ("địa chỉ: 123 Nguyễn Trãi, Thanh Xuân, Hà Nội", ["123", "Nguyễn Trãi", "Thanh Xuân"]),
 ("trú tại thôn Đông, xã Yên Sở, huyện Hoài Đức", ["Đông", "Yên Sở"]),
 ("hẻm 12 đường Lê Văn Sỹ", ["hẻm 12", "Sỹ"]),
 ("biển số 29A-123.45", ["29A-123.45"]),
 ("xe 51F-678.90 bị tai nạn", ["51F-678.90"]),
 ("xe máy 59X1-234.56", ["234.56"]),
 ("biển số xe: 30E12345", ["30E12345"]),
 ("sinh ngày 12/03/1990", ["12/03/1990"]),
 ("ngày sinh: 05-11-1988", ["05-11-1988"]),
 ("tôi sinh năm 1990", ["1990"]),
 ("facebook.com/nguyen.van.an", ["nguyen.van.an"]),
 ("https://www.facebook.com/an.nguyen.9", ["an.nguyen"]),
 ("fb: an.nguyen.92", ["an.nguyen.92"]),
 ("an.nguyen [at] gmail [dot] com", ["an.nguyen", "gmail"]),
 ("an.nguyen(at)gmail(dot)com", ["an.nguyen"]),
 ("an.nguyen at gmail dot com", ["an.nguyen"]),
 ("an.nguyen @ gmail . com", ["an.nguyen"]),
 ("email annguyen@gmail", ["annguyen"]),
 ("mã số BHXH: 79 1234 5678", ["1234 5678"]),
 ("CMND 123456789", ["123456789"]),
 ("zalo 0987.654.321", ["654.321"]),
 ("lh 0987 654 321 gặp Lan", ["654 321"]),
 ("tôi tên Vũ Thị Lan, sđt 0987654321", ["Lan", "0987654321"]),
 ("Tôi là Nguyễn Văn An, sđt 0912 345 678, email an.nguyen@gmail.com", ["Nguyễn", "345 678", "an.nguyen"]),
 ("số điện thoại 024 3825 1234", ["3825 1234"]),
 ("sdt: 0912 345 678 (zalo)", ["345 678"]),
 ("em tên là thu, 0912345678", ["thu,", "0912345678"]),
 ("Cảm ơn ạ. Lan", [". Lan"]),
 ("tôi là bà Nguyễn Thị Tư", ["Tư"]),
 ("số thẻ BHYT GD4010123456789", ["0123456789"]),
 ("0912.345.678", ["345.678"]), ("091 234 5678", ["234 5678"]), ("09 12 34 56 78", ["56 78"]), ("0912 34 56 78", ["56 78"]),
 ("+84912345678", ["912345678"]), ("+84 (0) 912 345 678", ["345 678"]), ("84-912-345-678", ["345-678"]),
 ("(+84)912.345.678", ["345.678"]), ("số 0912345678.", ["0912345678"]), ("sđt:0912345678", ["0912345678"]),
 ("đt0912345678", ["0912345678"]), ("O912345678", ["912345678"]), ("0 9 1 2 3 4 5 6 7 8", ["5 6 7 8"]),
 ("(024) 3825 1234", ["3825 1234"]), ("CCCD: 0012 0300 4567", ["0300 4567"]), ("căn cước 001203004567", ["001203004567"]),
 ("số CMND là 123 456 789", ["456 789"]), ("cmnd:123456789", ["123456789"]), ("CMT 012345678", ["012345678"]),
 ("mã số thuế 8012345678", ["8012345678"]), ("số BHXH 0123456789", ["0123456789"]), ("hộ chiếu C1234567", ["C1234567"]),
 ("passport no. B1234567", ["B1234567"]), ("hộ chiếu số: c1234567", ["c1234567"]), ("STK: 1234 5678 9012", ["5678 9012"]),
 ("số tài khoản là 0011004123456 tại Vietcombank", ["0011004123456"]), ("TK BIDV 12010000123456", ["12010000123456"]),
 ("tôi là nguyễn thị hoa", ["nguyễn thị hoa"]), ("minh la tran van binh", ["tran van binh"]), ("em la Le Thi Hong", ["Hong"]),
 ("tên em là Nguyễn Thị Lan", ["Lan"]), ("mình tên Hùng", ["Hùng"]), ("cháu tên là Phạm Văn Nam", ["Nam"]),
 ("Họ và tên: Trần Văn Bình", ["Bình"]), ("họ tên: nguyễn văn a", ["nguyễn văn a"]), ("tôi tên là Bùi Thị Thu", ["Thu"]),
 ("Tôi là Lê Văn Tám, công nhân", ["Tám"]), ("Tôi là một công nhân tên Minh", ["Minh"]), ("Tôi là Minh", ["Minh"]),
 ("Cháu chào luật sư, cháu là Hoa", ["Hoa"]), ("Tôi là Nguyễn Văn An (công nhân)", ["An ("]),
 ("anh Tuấn tổ trưởng", ["Tuấn"]), ("chị Mai kế toán", ["Mai"]), ("ông Hùng giám đốc", ["Hùng"]), ("bà Lan chủ nhà", ["Lan"]),
 ("sếp Hải", ["Hải"]), ("quản lý tên Dũng", ["Dũng"]), ("giám đốc là ông Trần Văn B", ["Trần"]),
 ("trưởng phòng nhân sự Lê Thị C", ["Lê Thị C"]), ("Nguyen Van An hỏi", ["Nguyen"]),
 ("Xin cảm ơn! Trần Văn Bình", ["Bình"]), ("Cảm ơn anh chị. Người hỏi: Lê Thị Lan", ["Lan"]), ("Trân trọng,\nNguyễn Văn A", ["Nguyễn"]),
 ("thanks, hoa", ["hoa"]), ("ở số 5 ngõ 10 Tôn Thất Tùng", ["Tùng", "ngõ 10"]), ("nhà số 12 đường 3/2, quận 10", ["3/2", "12"]),
 ("địa chỉ thường trú: xóm 3, xã Nghi Phong, huyện Nghi Lộc, tỉnh Nghệ An", ["Nghi Phong", "xóm 3"]),
 ("tổ 5, phường Quang Trung, quận Hà Đông", ["tổ 5", "Quang Trung"]), ("123/45/6 Nguyễn Trãi", ["123/45/6"]),
 ("Thôn Phú Mỹ, xã Tân Lập", ["Phú Mỹ"]), ("29A-12345", ["12345"]), ("29A 123.45", ["123.45"]), ("29-A1 123.45", ["123.45"]),
 ("29 A1 12345", ["12345"]), ("biển kiểm soát 29A-123.45", ["123.45"]), ("xe biển 29A12345", ["29A12345"]),
 ("sinh ngày 5/3/1990", ["1990"]), ("sinh 05/03/1990", ["1990"]), ("ngày sinh 5 tháng 3 năm 1990", ["1990"]),
 ("sn: 1990", ["1990"]), ("năm sinh: 1985", ["1985"]), ("DOB 12/03/1990", ["1990"]), ("sinh nhật 12/3", ["12/3"]),
 ("fb.com/annguyen", ["annguyen"]), ("m.facebook.com/profile.php?id=1000123", ["1000123"]), ("https://zalo.me/0912345678", ["0912345678"]),
 ("link fb: an.nguyen", ["an.nguyen"]), ("an.nguyen[at]gmail.com", ["an.nguyen"]), ("an.nguyen (a còng) gmail.com", ["an.nguyen"]),
 ("annguyen at gmail.com", ["annguyen"]), ("AN.NGUYEN@GMAIL.COM", ["AN.NGUYEN"]),
 ("Tôi là Nguyễn Văn An. Sinh năm 1985. CCCD 001085001234", ["Nguyễn", "1985", "001085001234"]),
 ("công ty của ông Trần Văn Bình", ["Bình"]), ("nhờ chị Hoa", ["Hoa"]), ("với anh Nam", ["Nam"]),
 ("nhà ở 23 Trần Hưng Đạo, Q.1", ["23", "Hưng Đạo"]), ("em ở số 5 hẻm 12 Lê Văn Sỹ, P.13, Q.3", ["Sỹ", "P.13"]),
 ("mk là Hằng", ["Hằng"]), ("tớ là Quân", ["Quân"]), ("GĐ Hùng bắt làm thêm", ["Hùng"]), ("gmail: hoatran92", ["hoatran92"]),
 ("Zalo 0909.123.456 - Hoa", ["123.456", "Hoa"]), ("SĐTo912345678", ["912345678"]), ("Zalo0909123456", ["0909123456"]),
 ("Liên hệ: Nguyễn Thị Mai - 0909 123 456", ["Mai", "123 456"]), ("Số CCCD của em là 0 7 9 2 0 3 0 0 1 2 3 4", ["1 2 3 4"]),
 ("Hộ chiếu: C 1234567", ["1234567"]), ("xe 29-H1 123.45", ["123.45"]), ("Ký tên: Lê Văn Tám", ["Tám"]),
 ("toi la vo van an", ["vo van an"]), ("toi la Dang Van An, luong 5.310.000 dong", ["Dang", "An,"]),
 ("Xin cảm ơn. trần văn an", ["trần"]), ("cam on. vo van an", ["vo van"]),
 # typed without marks
 ("nha o so 12 ngo 34 pho Hue", ["ngo 34", "Hue"]), ("dia chi: 12 Le Loi, quan 1", ["Le Loi"]),
 ("so 5 duong Tran Phu", ["Tran Phu"]), ("tru tai xom 3, xa Nghi Phong", ["Nghi Phong"]),
 ("sdt 0912 345 678", ["345 678"]), ("so cccd 001203004567", ["001203004567"]), ("ho chieu B1234567", ["B1234567"]),
 ("so tai khoan 0123456789", ["0123456789"]), ("bien so 29A-12345", ["12345"]), ("sinh ngay 12/03/1990", ["1990"]),
 ("ten la Nguyen Thi Lan", ["Lan"]), ("chi Le Thi Hong", ["Hong"]), ("cam on, Tran Van Binh", ["Binh"]),
 ("tk vietcombank 0071000123456", ["0071000123456"]),
]


@pytest.mark.parametrize("raw, secrets", SECRETS, ids=[s[0][:40] for s in SECRETS])
def test_secret_is_removed(raw, secrets):
    out = scrub(raw)
    assert out != raw and PLACEHOLDER.search(out)
    for secret in secrets:
        assert secret not in out


KEPT = [
 "lương 5.310.000 đồng/tháng", "phạt từ 10.000.000 đồng đến 20.000.000 đồng", "theo 45/2019/QH14",
 "Nghị định 145/2020/NĐ-CP ngày 14/12/2020", "Thông tư 10/2020/TT-BLĐTBXH", "năm 2019", "từ năm 2021 đến năm 2024",
 "làm thêm không quá 48 giờ", "khoản 2 Điều 35", "điểm a khoản 1 Điều 139", "ngày 01/07/2025", "Điều 35, 36, 37, 38",
 "mức 1.800.000-2.000.000 đồng", "giai đoạn 2019-2020", "lương 4.960.000đ/tháng", "1.490.000 đồng",
 "3.450.000.000 đồng", "17,5% tiền lương", "Quyết định 595/QĐ-BHXH", "Ngày lễ Quốc khánh 2/9 đi làm được trả lương 490%?",
 "tôi là công nhân may ở Bình Dương", "làm ở TP Hồ Chí Minh", "Bộ luật Lao động 2019", "lương vùng I",
 "Tháng 6-2015 đến 6-2016", "nghỉ thai sản 6 tháng", "tôi sinh con năm 2024", "trợ cấp 30 ngày lương",
 "từ 22 giờ đến 6 giờ sáng", "đóng BHXH 1 lần", "Luật BHXH 2014", "Điều 5 Nghị định 12/2022/NĐ-CP",
 "tôi là người lao động", "tôi là lao động nữ", "ký hợp đồng ngày 30/4 Công ty không trả", "50.000.000 đồng",
 "mức lương tối thiểu 4.680.000 đồng", "Công văn 4141/BHXH-CSXH", "từ 01/2021 - 12/2021", "ngày 1/7/2024",
 "8 giờ/ngày", "200 giờ/năm", "300 giờ", "12 ngày làm việc", "Nghị định 38/2022/NĐ-CP", "1.000.000.000 đồng",
 "10000000 đồng", "tai nạn trên đường đi làm", "hồ sơ hưởng BHXH", "Tôi là Đoàn viên công đoàn",
 "công ty có Giấy phép", "Cảm ơn Luật sư", "tôi ở Hà Nội",
 "150% lương", "Điều 98", "Khoản 3 Điều 36 BLLĐ 2019", "điểm b khoản 1", "12 tháng lương", "tỷ lệ 8%",
 "Nghị định 28/2020/NĐ-CP", "Luật số 41/2024/QH15", "Nghị định số 12/2022/NĐ-CP", "mức lương cơ sở 2.340.000 đồng/tháng",
 "từ ngày 01/7/2024", "từ 1/1/2025", "40 giờ/tuần", "180 ngày", "06 tháng", "1/2 tháng lương", "5310000 đồng", "10000000đ",
 "10 triệu", "tiền lương 12.000.000 - 15.000.000 đồng", "1.000.000 đồng/ngày", "Công văn số 1234/LĐTBXH-PC", "7h30", "30/4-1/5",
 "17.5%", "vùng I 4.960.000 đồng, vùng II 4.410.000 đồng", "năm 2019, 2020 và 2021", "từ 2019 2020", "Điều 35 45/2019/QH14",
 "khoản 1 Điều 35 Bộ luật Lao động 45/2019/QH14", "Điều 35.2", "nghỉ sinh 6 tháng", "sinh con thứ 3",
 "Nghị định 74/2024/NĐ-CP có hiệu lực từ 01/07/2024", "lương 5 310 000 đồng", "tổ 5 sản xuất", "đường dây nóng",
 "anh chị cho em hỏi", "Chào luật sư", "tôi làm ở Bà Rịa - Vũng Tàu", "tai nạn lao động", "hợp đồng 36 tháng",
 "Thông tư 59/2015/TT-BLĐTBXH", "120 ngày", "mức phạt 1.000.000 đồng đến 3.000.000 đồng", "xe máy bị hỏng trên đường về",
 "Đi làm vào ngày kỷ niệm 77 năm Ngày Bác Hồ ra Lời kêu gọi thi đua ái quốc 11 6 thì lương tính thế nào?",
 "Thành phố Hà Nội thuộc vùng lương tối thiểu nào?", "tôi làm ở phường Hoàng Mai, quận Hoàng Mai",
 "công ty ở quận Hai Bà Trưng", "chợ Cầu Ông Lãnh", "tôi làm ở huyện Củ Chi", "thành phố Hồ Chí Minh vùng I",
 "chuyển khoản vào ngày 5 hằng tháng", "nhà ở xã hội", "Luật Lao động - Bộ luật 2019",
 "chong mat thi vo con duoc huong tien tuat hang thang khong", "cong ty co nhieu chi nhanh thi ap luong toi thieu vung nao",
 "duong day nong", "pho thong", "tai nan tren duong di lam", "luong 5.310.000 dong", "nghi 12 ngay nam 2024",
]


@pytest.mark.parametrize("kept", KEPT)
def test_legal_content_is_kept(kept):
    assert scrub(kept) == kept


def test_tables_are_large():
    assert len(SECRETS) >= 100 and len(KEPT) >= 80


def test_scrubbing_twice_changes_nothing_more():
    for raw, _ in SECRETS:
        once = scrub(raw)
        assert scrub(once) == once


def test_legal_figures_survive_beside_secrets():
    raw = ("Tôi là nguyễn văn an, CCCD 001.203.004.567, sđt 0912–345–678, lương 5.310.000 đồng, "
           "làm thêm 48 giờ, theo khoản 2 Điều 35 Bộ luật Lao động 45/2019/QH14 từ năm 2021")
    out = scrub(raw)
    for figure in ("5.310.000 đồng", "48 giờ", "khoản 2 Điều 35", "45/2019/QH14", "năm 2021"):
        assert figure in out
    for secret in ("nguyễn", "001.203", "345", "678"):
        assert secret not in out


def test_log_and_feedback_keep_no_secret(client, app):
    question = "tôi là nguyễn văn an, CCCD001203004567, 0912/345/678, bị nợ lương 5.310.000 đồng"
    qid = client.post("/api/ask", json={"question": question}).get_json()["question_id"]
    comment = "cảm ơn. Trần Thị Bích, zalo 0987 654 321, an.nguyen(at)gmail(dot)com, theo 45/2019/QH14"
    assert client.post("/api/feedback", json={"question_id": qid, "helpful": True, "comment": comment}).status_code == 200
    db = sqlite3.connect(app.config["DATABASE_PATH"])
    stored_question, stored_comment = db.execute("SELECT question, comment FROM questions WHERE id = ?", (qid,)).fetchone()
    for secret in ("nguyễn", "001203004567", "345", "Bích", "654", "an.nguyen"):
        assert secret not in stored_question + stored_comment
    assert "5.310.000 đồng" in stored_question and "45/2019/QH14" in stored_comment
