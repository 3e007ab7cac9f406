"""The editors' page as a tool: documents' standing, the evaluation as a table, questions to
look at by kind, review states, one view per curated entry with the questions it answered."""
import textwrap

import pytest

from engine.corpus import load_corpus
from engine.artifact import save
from engine.evaluation_table import rows
from engine.model import Model

from .conftest import annual_leave_entry, make_app, mini_corpus
from .test_admin import AUTH, seed

ENTRY = annual_leave_entry("reviewed_by: Ban Pháp luật", "reviewed_on: 2026-11-22")
EVALUATION = {"as_written": {"questions": 47, "hit@1": 0.6809, "mrr@10": 0.7612},
              "no_diacritics": {"questions": 47, "hit@1": 0.66, "mrr@10": 0.73}}


@pytest.fixture
def qa_app(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path / "src")
    (corpus_dir / "qa").mkdir()
    (corpus_dir / "qa" / "nghi.yaml").write_text(textwrap.dedent(ENTRY), encoding="utf-8")
    save(Model().fit(load_corpus(corpus_dir, laws)), tmp_path / "models", evaluation=EVALUATION)
    return make_app(tmp_path / "models", tmp_path)


def page(client, path="/admin/"):
    r = client.get(path, auth=AUTH)
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_documents_with_their_full_standing(client):
    html = page(client)
    assert "Đã được thay thế bởi Nghị định xử phạt thử mới số 9/2026/NĐ-CP từ 10/09/2026 — văn bản thay thế CHƯA CÓ trong kho" in html
    assert "Đã được thay thế bởi Luật Lao động thử 2024 (2/2024/QH15) từ 01/07/2025" in html
    assert "5/2025/QH15" in html and "nội dung sửa đổi chưa có trong kho" in html


def test_evaluation_is_a_table_not_a_dict(qa_app):
    html = page(qa_app.test_client())
    assert "<th class=\"num\">Có dấu</th><th class=\"num\">Không dấu</th>" in html
    assert "<td>Điều đúng đứng đầu (hit@1)</td><td class=\"num\">68,1%</td><td class=\"num\">66,0%</td>" in html
    assert "{&#39;" not in html and "as_written" not in html


def test_questions_to_look_at_by_kind_and_topics_case_insensitive(app, client):
    seed(app, [("2026-03-02T08:00:00+00:00", "nghỉ phép năm mấy ngày", "medium", "Thai sản", "2/2024/QH15", None),
               ("2026-03-03T08:00:00+00:00", "nghi phep nam may ngay", "medium", "thai sản", "2/2024/QH15", None),
               ("2026-03-04T08:00:00+00:00", "trả lời sai rồi", "high", "Thai  sản", "2/2024/QH15", 0)])
    html = page(client, "/admin/?from=2026-03-01&to=2026-03-31")
    medium = html[html.index("Độ tin cậy trung bình"):html.index("id=\"tham-dinh\"")]
    assert "(1 nhóm / 2 câu hỏi)" in medium and "và 1 câu tương tự" in medium
    unhelpful = html[html.index("Bị đánh giá “không hữu ích”"):html.index("Độ tin cậy thấp")]
    assert "trả lời sai rồi" in unhelpful
    topics = html[html.index("<h3>Theo chủ đề</h3>"):html.index("<h3>Theo văn bản</h3>")]
    assert topics.count("<tr>") == 1 and "<td>Thai sản</td><td class=\"num\">3</td>" in topics


def test_own_stylesheet_usable_on_a_phone(client):
    html = page(client)
    assert "admin.css" in html and "demo.css" not in html
    css = client.get("/static/admin.css").get_data(as_text=True)
    assert "@media (max-width: 480px)" in css and "overflow-x: auto" in css
    assert html.count("<table") == html.count("<div class=\"scroll\"><table")  # wide tables scroll, not the page


def test_each_entry_has_a_view_with_the_questions_it_answered(qa_app):
    client = qa_app.test_client()
    asked = client.post("/api/ask", json={"question": "mot nam duoc nghi phep bao nhieu ngay"}).get_json()
    assert asked["curated"]["id"] == "nghi-hang-nam"
    client.post("/api/feedback", json={"question_id": asked["question_id"], "helpful": False, "comment": "thiếu ý"})
    assert qa_app.extensions["question_log"].rows()[0]["curated"] == "nghi-hang-nam"
    html = page(client, "/admin/qa/nghi-hang-nam")
    assert "mot nam duoc nghi phep bao nhieu ngay" in html and "không hữu ích" in html and "thiếu ý" in html
    # reviewed by hand, without the hash `train.py --review` writes: it must be reviewed again
    assert "cần thẩm định lại" in html and "Ban Pháp luật, 2026-11-22" in html and "qa/nghi.yaml:1" in html
    listing = page(client, "/admin/qa/?status=needs_review")
    assert "nghi-hang-nam" in listing
    assert "nghi-hang-nam" not in page(client, "/admin/qa/?status=reviewed")
    main = page(client)
    assert "<b>1</b>cần thẩm định lại" in main and "<b>0</b>bản nháp chưa được thẩm định" in main
    assert main[main.index("Cần thẩm định lại vì"):].count("nghi-hang-nam") >= 1
    missing = client.get("/admin/qa/khong-co", auth=AUTH)
    assert missing.status_code == 404 and missing.get_json()["error"] == "unknown_entry"


def test_every_figure_of_the_stored_evaluation_has_a_vietnamese_label_and_its_own_unit():
    """What train.py stores (per-level counts, the high share, the long questions) reads as an
    editor expects: no English key left, MRR as a decimal, shares as percentages."""
    stored = {"as_written_cv": {"questions": 177, "hit@1": 0.616, "mrr@10": 0.725, "high_answers": 65,
                                "high_share": 0.367, "medium_answers": 69, "medium_precision": 0.609,
                                "low_answers": 43, "low_precision": 0.279, "long_questions": 4,
                                "long_hit@1": 0.75, "long_mrr@10": 0.75}}
    headings, table = rows(stored)
    assert headings == ["Có dấu, kiểm định chéo"]
    labels = dict(table)
    assert not [label for label in labels if "_" in label or label.isascii()]
    assert labels["Câu hỏi dài: MRR@10"] == ["0,750"] and labels["Thứ hạng trung bình nghịch đảo (MRR@10)"] == ["0,725"]
    assert labels["Tỷ lệ câu hỏi được trả lời với độ tin cậy cao"] == ["36,7%"]
    assert labels["Số câu trả lời độ tin cậy trung bình"] == ["69"]
