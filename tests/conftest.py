import datetime as dt
import textwrap
import threading
from pathlib import Path

import pytest

from engine.artifact import save, vector_cache_dir
from engine.corpus import DEFAULT_CORPUS_DIR, laws_dir, load_corpus
from engine.evaluate import read_questions
from engine.model import Model

ROOT = Path(__file__).resolve().parent.parent
LAWS = laws_dir()
DEV = ROOT.parent / "shared" / "bench" / "dev.jsonl"

HEADER = """---
number: {number}
title: {title}
kind: Luật
issuer: Quốc hội
issued: {issued}
effective: {effective}
{extra}---
"""


def law_file(directory: Path, name: str, body: str, number="1/2020/QH14", title="Luật Thử nghiệm",
             issued="2020-01-01", effective="2020-07-01", extra: str = "") -> Path:
    """Write a small law file in the shared/laws format."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    head = HEADER.format(number=number, title=title, issued=issued, effective=effective,
                         extra=textwrap.dedent(extra).strip() + "\n" if extra.strip() else "")
    path.write_text(head + textwrap.dedent(body).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def make_law(tmp_path):
    def make(name="luat.txt", body="", **kw):
        return law_file(tmp_path / "laws", name, body, **kw)
    return make


MINI_BODY_OLD = """
Chương I
QUY ĐỊNH CHUNG
Điều 1. Thời gian nghỉ hằng năm
1. Người lao động được nghỉ hằng năm 12 ngày làm việc.
2. Người lao động làm công việc nặng nhọc được nghỉ hằng năm 14 ngày làm việc.
Điều 2. Mức đóng kinh phí công đoàn
Cơ quan, doanh nghiệp đóng kinh phí công đoàn bằng 2% quỹ tiền lương.
Điều 3. Xử phạt chậm đóng bảo hiểm
1. Phạt tiền từ 10.000.000 đồng đến 20.000.000 đồng đối với người sử dụng lao động chậm đóng bảo hiểm xã hội.
"""

MINI_BODY_NEW = """
Chương I
QUY ĐỊNH CHUNG
Điều 1. Nghỉ hằng năm
1. Người lao động được nghỉ hằng năm 14 ngày làm việc.
Điều 2. Đóng kinh phí công đoàn
Cơ quan, doanh nghiệp đóng kinh phí công đoàn bằng 2% quỹ tiền lương làm căn cứ đóng bảo hiểm xã hội.
"""


def annual_leave_entry(*fields: str) -> str:
    """The curated entry of the mini corpus's annual leave (2/2024 Điều 1 Khoản 1), as an
    editor writes it, with more `key: value` fields (review states) after its own."""
    return ANNUAL_LEAVE_ENTRY + "".join(f"  {field}\n" for field in fields)


ANNUAL_LEAVE_ENTRY = """- id: nghi-hang-nam
  questions:
    - Một năm được nghỉ phép bao nhiêu ngày?
  answer: Người lao động được nghỉ hằng năm 14 ngày làm việc.
  provisions: [2/2024/QH15 Điều 1 Khoản 1]
  tags: [nghỉ hằng năm]
"""


def mini_corpus(root: Path, with_successor: bool = True) -> tuple[Path, Path]:
    """A two-version fixture corpus: 1/2020 replaced by 2/2024 on 2025-07-01, and a
    penalties law 3/2021 replaced by 9/2026, whose text is not in the corpus."""
    laws = root / "laws"
    law_file(laws, "old.txt", MINI_BODY_OLD, number="1/2020/QH14", title="Luật Lao động thử",
             extra="replaced_by: 2/2024/QH15\nreplaced_on: 2025-07-01\n")
    law_file(laws, "penalty.txt", """
        Điều 1. Phạt chậm đóng bảo hiểm xã hội
        1. Phạt tiền từ 12.000.000 đồng đến 15.000.000 đồng đối với hành vi chậm đóng bảo hiểm xã hội bắt buộc.
        """, number="3/2021/NĐ-CP", title="Nghị định xử phạt thử", issued="2021-01-01", effective="2021-01-01",
             extra="replaced_by: 9/2026/NĐ-CP\nreplaced_on: 2026-09-10\n")
    corpus = root / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    manifest = """
[[document]]
file = "old.txt"
short_name = "Luật Lao động thử 2020"

[[document]]
file = "penalty.txt"
short_name = "Nghị định xử phạt thử 2021"

[[missing]]
number = "9/2026/NĐ-CP"
title = "Nghị định xử phạt thử mới"
"""
    if with_successor:
        law_file(laws, "new.txt", MINI_BODY_NEW, number="2/2024/QH15", title="Luật Lao động thử",
                 issued="2024-06-01", effective="2025-07-01")
        manifest += """
[[document]]
file = "new.txt"
short_name = "Luật Lao động thử 2024"

[[document.pending]]
by = "5/2025/QH15"
since = 2025-07-01
articles = ["2"]
summary = "sửa đổi mức đóng"
"""
    (corpus / "documents.toml").write_text(manifest, encoding="utf-8")
    (corpus / "lexicon.txt").write_text("phép năm => nghỉ hằng năm\n", encoding="utf-8")
    return corpus, laws


@pytest.fixture
def mini(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path)
    return load_corpus(corpus_dir, laws), corpus_dir, laws


@pytest.fixture(scope="session")
def real_corpus():
    return load_corpus(DEFAULT_CORPUS_DIR, LAWS)


def fit_model(corpus_dir, laws, directory=None) -> Model:
    """A model of a small fixture corpus (no training questions: the fallback ranker),
    saved into `directory` when given."""
    model = Model().fit(load_corpus(corpus_dir, laws))
    if directory is not None:
        save(model, directory)
    return model


@pytest.fixture(scope="session")
def real_model(real_corpus):
    """The product's model: real corpus, passage vectors cached beside models/, ranker
    fitted on the dev questions."""
    return Model().fit(real_corpus, read_questions(DEV), cache_dir=vector_cache_dir())


@pytest.fixture(scope="session")
def real_model_dir(real_model, tmp_path_factory):
    directory = tmp_path_factory.mktemp("model")
    save(real_model, directory)
    return directory


TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def mini_model_dir(tmp_path):
    corpus_dir, laws = mini_corpus(tmp_path / "src")
    directory = tmp_path / "models"
    fit_model(corpus_dir, laws, directory)
    return directory


def make_app(model_path, tmp_path, **config):
    from engine.web import create_app

    settings = {"MODEL_PATH": str(model_path), "DATABASE_PATH": str(tmp_path / "log" / "q.sqlite3"),
                "RATE_LIMIT": "1000/minute", "TESTING": True, "RELOAD_INTERVAL": 0,
                "COUNSELLOR_HOTLINE": "1900 1234", "ADMIN_TOKEN": "bi-mat-bien-tap"}
    settings.update(config)
    return create_app(settings)


@pytest.fixture
def app(mini_model_dir, tmp_path):
    return make_app(mini_model_dir, tmp_path)


@pytest.fixture
def client(app):
    return app.test_client()


class LiveServer(threading.Thread):
    """A real HTTP server for a Flask app on a free loopback port, for browser and load tests."""

    def __init__(self, app):
        from werkzeug.serving import make_server

        super().__init__(daemon=True)
        self.httpd = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def run(self):
        self.httpd.serve_forever()

    def stop(self):
        self.httpd.shutdown()


from .servers import postgres_server, postgres_url, redis_server, redis_url  # noqa: E402,F401  (fixtures)
