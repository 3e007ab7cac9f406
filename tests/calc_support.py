"""The real corpus without the curated Q&A (editors' work in progress must not hide a calculator bug)."""
import shutil

import pytest

from engine.corpus import DEFAULT_CORPUS_DIR, laws_dir, load_corpus


@pytest.fixture(scope="session")
def laws_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("calc-corpus")
    for name in ("documents.toml", "lexicon.txt"):
        shutil.copy(DEFAULT_CORPUS_DIR / name, root / name)
    return load_corpus(root, laws_dir())
