"""Save/load round trip and every refusal of a bad model file."""
import json

import joblib
import pytest

from engine import artifact
from engine.artifact import ModelError, load, read_stamp, save
from engine.corpus import load_corpus
from engine.model import Model
from engine.pipeline import ask


@pytest.fixture
def mini_model(mini):
    corpus, _, _ = mini
    return Model().fit(corpus)


def test_round_trip_gives_the_same_answers(mini_model, tmp_path):
    save(mini_model, tmp_path)
    loaded, stamp = load(tmp_path)
    assert stamp["corpus_hash"] == mini_model.corpus.hash
    assert stamp["versions"] == artifact.library_versions()
    q = "được nghỉ hằng năm bao nhiêu ngày"
    assert [a.id for a in ask(loaded, q).answers] == [a.id for a in ask(mini_model, q).answers]


def test_missing_model_says_to_train(tmp_path):
    with pytest.raises(ModelError, match="python train.py"):
        load(tmp_path / "nothing")


def _published(mini_model, tmp_path):
    save(mini_model, tmp_path)
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
    path, stamp = _published(mini_model, tmp_path)
    joblib.dump({"not": "a model"}, path)
    stamp["sha256"] = artifact._sha256(path)
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
    save(mini_model, tmp_path)
    before = (tmp_path / "model.json").read_text()

    def boom(*a, **k):
        raise KeyboardInterrupt  # as if the editor pressed Ctrl+C mid-write

    monkeypatch.setattr(artifact.joblib, "dump", boom)
    with pytest.raises(KeyboardInterrupt):
        save(mini_model, tmp_path)
    assert (tmp_path / "model.json").read_text() == before
    assert not list(tmp_path.glob(".model-*"))
    load(tmp_path)


def _edit_stamp(tmp_path, change):
    stamp_path = tmp_path / "model.json"
    stamp = json.loads(stamp_path.read_text())
    change(stamp)
    stamp_path.write_text(json.dumps(stamp))


def test_other_weights_layout_is_refused(mini_model, tmp_path):
    _published(mini_model, tmp_path)
    _edit_stamp(tmp_path, lambda s: s["weights"].update(layout=1))
    with pytest.raises(ModelError, match="weights layout 1"):
        load(tmp_path)


def test_other_encoder_is_refused(mini_model, tmp_path):
    _published(mini_model, tmp_path)
    _edit_stamp(tmp_path, lambda s: s["encoder"].update(identity="another-encoder"))
    with pytest.raises(ModelError, match="encoder another-encoder"):
        load(tmp_path)


def test_stamp_says_how_the_model_was_built(mini_model, tmp_path):
    _, stamp = _published(mini_model, tmp_path)
    assert stamp["weights"]["word_weight"] == mini_model_weights().word_weight
    assert stamp["encoder"]["dim"] == mini_model.semantic.article_vectors_.shape[1]


def mini_model_weights():
    from engine.weights import WEIGHTS
    return WEIGHTS


def test_previous_model_is_kept_for_fallback(mini_model, mini, tmp_path):
    save(mini_model, tmp_path)
    first = read_stamp(tmp_path)
    (tmp_path / ".model-stale.tmp").write_bytes(b"left by a killed build")
    _, corpus_dir, laws = mini
    (laws / "new.txt").write_text((laws / "new.txt").read_text().replace("14 ngày", "15 ngày"), encoding="utf-8")
    save(Model().fit(load_corpus(corpus_dir, laws)), tmp_path)
    assert read_stamp(tmp_path, artifact.PREVIOUS_NAME)["artifact"] == first["artifact"]
    model, _ = artifact.load_previous(tmp_path)
    assert model.corpus.hash == first["corpus_hash"]
    assert not list(tmp_path.glob(".model-*.tmp"))  # stale temporaries are pruned
