"""The editors' build: validate the corpus, fit, evaluate, publish. Used by train.py."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from .cli_vi import ArgumentParser
from .corpus import DEFAULT_CORPUS_DIR, PROJECT_ROOT, load_corpus
from .artifact import model_dir, save, vector_cache_dir
from .evaluate import QuestionFileError, cross_validate, evaluate, read_questions, summary
from .evaluation_table import text_table
from .model import Model
from .review import DRAFT, NEEDS_REVIEW, REVIEWED, mark_reviewed
from .standing import report_lines
from .statutes import CorpusError


# Evaluated on every build unless --no-eval, so the editors' page always has a table to show.
DEFAULT_QUESTIONS = PROJECT_ROOT.parent / "shared" / "bench" / "dev.jsonl"


def _progress(quiet: bool):
    if quiet:
        return None
    return lambda it, **kw: tqdm(it, file=sys.stderr, leave=False, disable=None, **kw)


def _review_summary(entries) -> str:
    counts = Counter(e.review_status for e in entries)
    line = (f"Hỏi-đáp: {counts[REVIEWED]} đã thẩm định, {counts[DRAFT]} bản nháp chưa được thẩm định, "
            f"{counts[NEEDS_REVIEW]} cần thẩm định lại")
    again = [f"  cần thẩm định lại: {e.id} ({e.file}:{e.line})" for e in entries if e.review_status == NEEDS_REVIEW]
    return "\n".join([line, *again])


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ngày phải có dạng YYYY-MM-DD, không phải {value!r}") from None


def _mark_reviewed(corpus, args) -> int:
    entry = next((e for e in corpus.qa if e.id == args.review), None)
    if entry is None:
        print(f"Không có mục hỏi-đáp nào có id {args.review!r}.", file=sys.stderr)
        return 2
    try:
        path = mark_reviewed(entry, Path(args.corpus), args.by or "", args.on or dt.date.today())
    except ValueError as err:
        print(f"Không đánh dấu được: {err}", file=sys.stderr)
        return 2
    print(f"Đã đánh dấu {entry.id} là đã thẩm định ({path}); chạy lại train.py để công bố.")
    return 0


def _arguments(argv):
    parser = ArgumentParser(prog="train.py", description="Kiểm tra kho văn bản, xây dựng và công bố mô hình.")
    parser.add_argument("--laws", help="thư mục văn bản luật (mặc định: LAWS_DIR hoặc ../shared/laws)")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS_DIR), help="thư mục corpus/ (manifest, lexicon, Q&A)")
    parser.add_argument("--out", help="thư mục mô hình (mặc định: MODEL_PATH hoặc models/)")
    default = str(DEFAULT_QUESTIONS) if DEFAULT_QUESTIONS.is_file() else None
    parser.add_argument("--dev", metavar="FILE", default=default,
                        help="câu hỏi có đáp án để học cách xếp hạng và hiệu chỉnh độ tin cậy "
                             "(mặc định ../shared/bench/dev.jsonl nếu có)")
    parser.add_argument("--eval", metavar="FILE", default=default,
                        help="bộ câu hỏi .jsonl để đánh giá trước khi công bố (mặc định ../shared/bench/dev.jsonl nếu có)")
    parser.add_argument("--no-eval", dest="eval", action="store_const", const=None, help="không đánh giá")
    parser.add_argument("--cv", type=int, default=5, metavar="K",
                        help="kiểm định chéo K phần khi bộ đánh giá cũng là bộ học (mặc định 5; 0 để bỏ)")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra kho văn bản, không xây dựng")
    parser.add_argument("--quiet", action="store_true", help="không hiện thanh tiến trình")
    parser.add_argument("--review", metavar="ID", help="đánh dấu mục hỏi-đáp ID là đã thẩm định (cần --by)")
    parser.add_argument("--by", help="người hoặc đơn vị thẩm định, ví dụ \"Ban Pháp luật LĐLĐ tỉnh\"")
    parser.add_argument("--on", type=_date, help="ngày thẩm định YYYY-MM-DD (mặc định hôm nay)")
    return parser.parse_args(argv)


def _questions(path: str | None, what: str) -> list[dict] | None:
    """The rows of a question file; None (after saying why) when it cannot be read."""
    if not path:
        return []
    try:
        return read_questions(path)
    except (OSError, QuestionFileError) as err:
        print(f"Không đọc được {what}: {err}", file=sys.stderr)
        return None


def _evaluation(model, args, rows, learnt_from_them: bool) -> dict:
    """In-sample figures, and cross-validated ones when the ranker learnt from these questions."""
    evaluation = {}
    for label, strip in (("as_written", False), ("no_diacritics", True)):
        metrics, outcomes = evaluate(model, rows, strip_diacritics=strip)
        evaluation[label] = {**metrics, **summary(outcomes)}
        if learnt_from_them and args.cv > 1:
            metrics, outcomes = cross_validate(model, rows, args.cv, strip_diacritics=strip)
            evaluation[f"{label}_cv"] = {**metrics, **summary(outcomes)}
    return evaluation


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    started = time.perf_counter()
    try:
        corpus = load_corpus(args.corpus, args.laws)
    except CorpusError as err:
        print(f"Kho văn bản có {len(err.issues)} lỗi, chưa xây dựng mô hình (mô hình đang dùng không bị thay đổi):",
              file=sys.stderr)
        for issue in err.issues:
            print(f"  {issue}", file=sys.stderr)
        return 2
    if args.review:
        return _mark_reviewed(corpus, args)
    print(f"Kho văn bản: {len(corpus.documents)} văn bản, {len(corpus.articles)} điều, "
          f"{len(corpus.lexicon)} mục từ điển, {len(corpus.qa)} hỏi-đáp; mã {corpus.hash}")
    print("\n".join(report_lines(corpus, dt.date.today())))
    print(_review_summary(corpus.qa))
    if args.check:
        return 0
    questions, rows = _questions(args.dev, "bộ câu hỏi học xếp hạng"), _questions(args.eval, "bộ câu hỏi đánh giá")
    if questions is None or rows is None:
        return 2
    if not questions:
        print("Không có bộ câu hỏi học xếp hạng: dùng cách xếp hạng mặc định, độ tin cậy chưa được hiệu chỉnh.")
    built: dict = {}
    model = Model().fit(corpus, questions, progress=_progress(args.quiet), cache_dir=vector_cache_dir(args.out),
                        report=built)
    if built:
        print(f"Nhúng ngữ nghĩa: {built['passages']} đoạn, {built['embedded']} đoạn mới (còn lại lấy từ bộ nhớ đệm)")
    if model.supersession_report:
        print("Điều cũ → điều mới (so sánh nội dung): một-một / tách / gộp / không có điều kế thừa")
        for pair, counts in model.supersession_report.items():
            print(f"  {pair}: {counts['one_to_one']} / {counts['split']} / {counts['merge']} / {counts['none']}")
    evaluation = {}
    if rows:
        learnt = model.ranker.calibration_.get("questions", 0) > 0  # not the fallback ranker
        same = learnt and Path(args.eval).resolve() == Path(args.dev).resolve()
        evaluation = _evaluation(model, args, rows, same)
        print(f"Đánh giá trên {Path(args.eval).name}:")
        print(text_table(evaluation))
    path = save(model, model_dir(args.out), evaluation=evaluation)
    print(f"Đã công bố mô hình {path.name} trong {time.perf_counter() - started:.1f} s")
    return 0
