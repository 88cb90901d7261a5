"""Language identification of extracted text (py3langid: offline, fast, 97 languages)."""
from __future__ import annotations

import functools

#: Below this many letters, identification is a guess; we say nothing rather than guess.
MIN_LETTERS = 20


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when the text is too short to tell."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    lang, prob = _identifier().classify(text)
    return lang if prob >= 0.5 else None
