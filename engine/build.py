"""The editors' build: validate the corpus, fit, evaluate, publish. Used by train.py."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from .corpus import DEFAULT_CORPUS_DIR, load_corpus
from .artifact import model_dir, save, vector_cache_dir
from .evaluate import QuestionFileError, cross_validate, evaluate, read_questions, summary
from .model import Model
from .statutes import CorpusError

DEFAULT_DEV = DEFAULT_CORPUS_DIR.parent.parent / "shared" / "bench" / "dev.jsonl"


def _progress(quiet: bool):
    if quiet:
        return None
    from tqdm import tqdm

    return lambda it, **kw: tqdm(it, file=sys.stderr, leave=False, disable=None, **kw)


def document_report(corpus, day: dt.date) -> list[str]:
    """One line per document: in force, replaced (with or without successor text), pending amendments."""
    numbers = {d.number for d in corpus.documents.values()}
    lines = []
    for doc in corpus.documents.values():
        status = doc.status(day)
        if status == "in_force":
            state = "đang có hiệu lực"
        elif status == "not_yet":
            state = "chưa có hiệu lực"
        elif doc.replaced_by:
            state = f"đã được thay thế bởi {doc.replaced_by} từ {doc.replaced_on:%d/%m/%Y}"
            if doc.replaced_by not in numbers:
                state += " — CHƯA CÓ văn bản thay thế trong kho"
        else:
            state = f"phiên bản đã hết áp dụng ({doc.valid_until:%d/%m/%Y})" if doc.valid_until else "hết hiệu lực"
        pending = corpus.amendments.get(doc.key, ())
        extra = f"; sửa đổi chưa tích hợp: {', '.join(a.by for a in pending)}" if pending else ""
        lines.append(f"  {doc.number:<16} {doc.short_name}: {state}{extra}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="train.py", description="Kiểm tra kho văn bản, xây dựng và công bố mô hình.")
    parser.add_argument("--laws", help="thư mục văn bản luật (mặc định: LAWS_DIR hoặc ../shared/laws)")
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS_DIR), help="thư mục corpus/ (manifest, lexicon, Q&A)")
    parser.add_argument("--out", help="thư mục mô hình (mặc định: MODEL_PATH hoặc models/)")
    parser.add_argument("--eval", metavar="FILE", help="bộ câu hỏi .jsonl để đánh giá trước khi công bố")
    parser.add_argument("--dev", metavar="FILE", default=str(DEFAULT_DEV),
                        help="bộ câu hỏi có đáp án để học cách xếp hạng (mặc định ../shared/bench/dev.jsonl)")
    parser.add_argument("--cv", type=int, default=5, metavar="K", help="số phần kiểm định chéo khi đánh giá (mặc định 5)")
    parser.add_argument("--check", action="store_true", help="chỉ kiểm tra kho văn bản, không xây dựng")
    parser.add_argument("--quiet", action="store_true", help="không hiện thanh tiến trình")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        corpus = load_corpus(args.corpus, args.laws)
    except CorpusError as err:
        print(f"Kho văn bản có {len(err.issues)} lỗi, chưa xây dựng mô hình (mô hình đang dùng không bị thay đổi):",
              file=sys.stderr)
        for issue in err.issues:
            print(f"  {issue}", file=sys.stderr)
        return 2
    today = dt.date.today()
    print(f"Kho văn bản: {len(corpus.documents)} văn bản, {len(corpus.articles)} điều, "
          f"{len(corpus.lexicon)} mục từ điển, {len(corpus.qa)} hỏi-đáp; mã {corpus.hash}")
    print("\n".join(document_report(corpus, today)))
    if args.check:
        return 0
    try:
        questions = read_questions(args.dev) if args.dev and Path(args.dev).is_file() else []
    except QuestionFileError as err:
        print(f"Không đọc được bộ câu hỏi học xếp hạng: {err}", file=sys.stderr)
        return 2
    if not questions:
        print("Không có bộ câu hỏi học xếp hạng: dùng cách xếp hạng mặc định, độ tin cậy chưa hiệu chỉnh.")
    model = Model(cache_dir=vector_cache_dir(args.out)).fit(corpus, questions, progress=_progress(args.quiet))
    if model.supersession_report:
        print("Điều cũ → điều mới (so sánh nội dung): một-một / tách / gộp / không có điều kế thừa")
        for pair, counts in model.supersession_report.items():
            print(f"  {pair}: {counts['one_to_one']} / {counts['split']} / {counts['merge']} / {counts['none']}")
    evaluation = {}
    if args.eval:
        try:
            rows = read_questions(args.eval)
        except (OSError, QuestionFileError) as err:
            print(f"Không đọc được bộ câu hỏi: {err}", file=sys.stderr)
            return 2
        for label, strip in (("as_written", False), ("no_diacritics", True)):
            metrics, outcomes = evaluate(model, rows, strip_diacritics=strip)
            metrics.update(summary(outcomes))
            evaluation[label] = metrics
            print(f"Đánh giá trong mẫu ({label}): " + ", ".join(f"{k}={v}" for k, v in metrics.items()))
            if questions and Path(args.eval).resolve() == Path(args.dev).resolve() and args.cv > 1:
                metrics, outcomes = cross_validate(model, rows, args.cv, strip_diacritics=strip)
                metrics.update(summary(outcomes))
                evaluation[f"{label}_cv{args.cv}"] = metrics
                print(f"Đánh giá kiểm định chéo {args.cv} phần ({label}): "
                      + ", ".join(f"{k}={v}" for k, v in metrics.items()))
    path = save(model, model_dir(args.out), evaluation=evaluation)
    print(f"Đã công bố mô hình {path.name} trong {time.perf_counter() - started:.1f} s")
    return 0
