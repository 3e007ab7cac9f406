"""The real law texts for the calculator tests, without the curated Q&A (editors' work in progress
must not hide a calculator bug): the corpus, and a model built on the texts the calculators cite."""
import shutil

import pytest

from engine.corpus import DEFAULT_CORPUS_DIR, laws_dir, load_corpus
from engine.artifact import save
from engine.model import Model


@pytest.fixture(scope="session")
def laws_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("calc-corpus")
    for name in ("documents.toml", "lexicon.txt"):
        shutil.copy(DEFAULT_CORPUS_DIR / name, root / name)
    return load_corpus(root, laws_dir())


# The documents the calculators cite (no lexicon or curated answers: they are not what is tested here).
MANIFEST = """
[[document]]
file = "bo-luat-lao-dong-2019.txt"
short_name = "Bộ luật Lao động 2019"
[[document]]
file = "nghi-dinh-145-2020-nd-cp.txt"
short_name = "Nghị định 145/2020/NĐ-CP"
[[document]]
file = "nghi-dinh-135-2020-nd-cp.txt"
short_name = "Nghị định 135/2020/NĐ-CP"
[[document]]
file = "nghi-dinh-293-2025-nd-cp.txt"
short_name = "Nghị định 293/2025/NĐ-CP"
[[document]]
file = "luat-bao-hiem-xa-hoi-2014.txt"
short_name = "Luật Bảo hiểm xã hội 2014"
[[document]]
file = "luat-bao-hiem-xa-hoi-2024.txt"
short_name = "Luật Bảo hiểm xã hội 2024"
[[document]]
file = "luat-viec-lam-2013.txt"
short_name = "Luật Việc làm 2013"
[[document]]
file = "luat-viec-lam-2025.txt"
short_name = "Luật Việc làm 2025"
"""


@pytest.fixture(scope="session")
def calc_model_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("calc-model")
    (root / "corpus").mkdir()
    (root / "corpus" / "documents.toml").write_text(MANIFEST, encoding="utf-8")
    (root / "corpus" / "lexicon.txt").write_text("", encoding="utf-8")
    # the calculators read the corpus only: no semantic channel to embed
    save(Model(semantic=False).fit(load_corpus(root / "corpus", laws_dir())), root / "models")
    return root / "models"
