"""Save and load trained models: ``<models_dir>/<name>/`` holds ``model.joblib`` (the fitted
scikit-learn pipeline, for retraining and inspection), ``scorer.json`` + ``scorer.npz`` (its
inference form, :mod:`reportminer.classifiers.fast`) and ``meta.json``.

Extraction reads only the inference form (:func:`load_scorer`): plain arrays, so loading runs
no code and needs no scikit-learn. Models load only from the package's own ``_models`` (a
wheel install), the repository's ``models/`` (a source checkout) or a directory the user
passes (``--models DIR``): joblib files run code when loaded, so nothing else is ever read.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import platform
import warnings
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from reportminer.errors import ModelError

log = logging.getLogger(__name__)

_override: Path | None = None


def set_models_dir(path: str | os.PathLike[str] | None) -> None:
    """Use models from ``path`` instead of the shipped ones (None restores the default)."""
    global _override
    _override = Path(path) if path is not None else None
    load_model.cache_clear()
    load_scorer.cache_clear()


def shipped_models_dir() -> Path:
    """Where the shipped models are: in the wheel, or ``models/`` beside the package."""
    packaged = resources.files("reportminer").joinpath("_models")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "models"


def models_dir() -> Path:
    return _override if _override is not None else shipped_models_dir()


@cache
def load_model(name: str) -> Any | None:
    """The trained model ``name`` (a fitted sklearn estimator), or None when absent.

    Callers fall back to rules when this returns None, so a missing model degrades results
    instead of failing; a model built for other features is an error.
    """
    import joblib

    folder = models_dir() / name
    model_file = folder / "model.joblib"
    if not model_file.exists():
        if _override is not None:
            raise ModelError(f"no model {name!r} in {folder.parent}")
        log.warning("model %s not found in %s; using rules only", name, folder.parent)
        return None
    meta = read_meta(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's InconsistentVersionWarning; meta says more
        model = joblib.load(model_file)
    expected = meta.get("features_version")
    if expected is not None and getattr(model, "features_version", expected) != expected:
        raise ModelError(f"model {name!r} was built for features v{expected}")
    return model


@cache
def load_scorer(name: str) -> Any | None:
    """What extraction predicts with: the inference form of model ``name``, or None.

    A model directory written before the inference form existed (or holding a model it
    cannot express) falls back to the joblib file, scored through :func:`fast`.
    """
    from reportminer.classifiers.fast import SCORER_ARRAYS, SCORER_JSON, LinearModel, fast

    folder = models_dir() / name
    if (folder / SCORER_JSON).exists() and (folder / SCORER_ARRAYS).exists():
        try:
            scorer = LinearModel.load(folder)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelError(f"model {name!r} in {folder.parent} is unreadable: {exc}") from exc
        expected = read_meta(folder).get("features_version")
        if expected is not None and getattr(scorer, "features_version", expected) != expected:
            raise ModelError(f"model {name!r} was built for features v{expected}")
        return scorer
    model = load_model(name)
    return None if model is None else fast(model)


def read_meta(folder: Path) -> dict[str, Any]:
    meta_file = folder / "meta.json"
    if not meta_file.exists():
        return {}
    return json.loads(meta_file.read_text("utf-8"))


def save_model(
    name: str,
    model: Any,
    *,
    out_dir: str | os.PathLike[str],
    train_data: bytes,
    dev_scores: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> Path:
    """Write ``model`` and its metadata (library versions, data hash, dev scores)."""
    import joblib
    import sklearn

    from reportminer import __version__
    from reportminer.classifiers.fast import SCORER_ARRAYS, SCORER_JSON, LinearModel, fast

    folder = Path(out_dir) / name
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / "model.joblib", compress=3)
    scorer = fast(model)
    for stale in (SCORER_JSON, SCORER_ARRAYS):
        (folder / stale).unlink(missing_ok=True)
    if isinstance(scorer, LinearModel) and scorer.exportable:
        scorer.save(folder)
    meta = {
        "component": name,
        "created": datetime.now(UTC).strftime("%Y-%m-%d"),
        "reportminer_version": __version__,
        "sklearn_version": sklearn.__version__,
        "python_version": platform.python_version(),
        "features_version": getattr(model, "features_version", None),
        "train_data_sha256": hashlib.sha256(train_data).hexdigest(),
        "dev_scores": dev_scores,
        **(extra or {}),
    }
    (folder / "meta.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8"
    )
    return folder
