"""Save/load round trip and every refusal of a bad model file."""
import json

import joblib
import pytest

from engine import index
from engine.index import Model, ModelError, load, read_stamp
from engine.search import search


@pytest.fixture
def mini_model(mini):
    corpus, _, _ = mini
    return Model().fit(corpus)


def test_round_trip_gives_the_same_answers(mini_model, tmp_path):
    mini_model.save(tmp_path)
    loaded, stamp = load(tmp_path)
    assert stamp["corpus_hash"] == mini_model.corpus.hash
    assert stamp["versions"] == index.library_versions()
    q = "được nghỉ hằng năm bao nhiêu ngày"
    assert [h.article.id for h in search(loaded, q)] == [h.article.id for h in search(mini_model, q)]


def test_missing_model_says_to_train(tmp_path):
    with pytest.raises(ModelError, match="python train.py"):
        load(tmp_path / "nothing")


def _published(mini_model, tmp_path):
    mini_model.save(tmp_path)
    stamp = read_stamp(tmp_path)
    return tmp_path / stamp["artifact"], stamp


def test_truncated_artifact_is_refused(mini_model, tmp_path):
    artifact, _ = _published(mini_model, tmp_path)
    artifact.write_bytes(artifact.read_bytes()[:100])
    with pytest.raises(ModelError, match="sha256"):
        load(tmp_path)


def test_zero_byte_artifact_is_refused(mini_model, tmp_path):
    artifact, _ = _published(mini_model, tmp_path)
    artifact.write_bytes(b"")
    with pytest.raises(ModelError, match="does not match its stamp"):
        load(tmp_path)


def test_other_library_version_is_refused(mini_model, tmp_path):
    _published(mini_model, tmp_path)
    stamp_path = tmp_path / "model.json"
    stamp = json.loads(stamp_path.read_text())
    stamp["versions"]["scikit-learn"] = "0.1"
    stamp_path.write_text(json.dumps(stamp))
    with pytest.raises(ModelError, match="scikit-learn 0.1"):
        load(tmp_path)


def test_wrong_format_is_refused(mini_model, tmp_path):
    artifact, stamp = _published(mini_model, tmp_path)
    joblib.dump({"not": "a model"}, artifact)
    stamp["sha256"] = index._sha256(artifact)
    (tmp_path / "model.json").write_text(json.dumps(stamp))
    with pytest.raises(ModelError, match="does not hold a model"):
        load(tmp_path)


def test_corpus_hash_mismatch_is_refused(mini_model, tmp_path):
    _, stamp = _published(mini_model, tmp_path)
    stamp["corpus_hash"] = "0" * 16
    (tmp_path / "model.json").write_text(json.dumps(stamp))
    with pytest.raises(ModelError, match="corpus"):
        load(tmp_path)


def test_garbage_stamp_is_refused(tmp_path):
    (tmp_path / "model.json").write_text("{not json")
    with pytest.raises(ModelError, match="not valid JSON"):
        load(tmp_path)


def test_failed_save_leaves_the_published_model(mini_model, tmp_path, monkeypatch):
    mini_model.save(tmp_path)
    before = (tmp_path / "model.json").read_text()

    def boom(*a, **k):
        raise KeyboardInterrupt  # as if the editor pressed Ctrl+C mid-write

    monkeypatch.setattr(index.joblib, "dump", boom)
    with pytest.raises(KeyboardInterrupt):
        mini_model.save(tmp_path)
    assert (tmp_path / "model.json").read_text() == before
    assert not list(tmp_path.glob(".model-*"))
    load(tmp_path)
