"""Text helpers for Vietnamese: normalization for accent-insensitive search and sort keys."""

import unicodedata

# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_ORDER = {ch: i for i, ch in enumerate(_ALPHABET)}


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold(text: str | None) -> str:
    """Lower-case text with tone marks and diacritics removed and đ turned into d.

    Used for the ``search_text`` columns, so "dan van kheo" finds "Dân vận khéo" on SQLite and
    PostgreSQL alike (database accent folding does not fold đ)."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.casefold().split())


def sort_key(text: str | None) -> tuple:
    """Key that sorts by Vietnamese alphabetical order, letters first, then tone marks."""
    composed = nfc(text).casefold()
    letters = []
    tones = []
    for ch in composed:
        base = unicodedata.normalize("NFD", ch)
        # Keep the vowel-shape marks (breve, circumflex, horn) which are letters in Vietnamese;
        # the tone marks (grave, acute, hook, tilde, dot below) only break ties.
        letter = "".join(c for c in base if c not in _TONE_MARKS)
        letter = unicodedata.normalize("NFC", letter)
        letters.append(_ORDER.get(letter, 100 + ord(letter[0]) if letter else 0))
        tones.append(next((_TONE_MARKS.index(c) + 1 for c in base if c in _TONE_MARKS), 0))
    return (tuple(letters), tuple(tones))


# grave, acute, hook above, tilde, dot below
_TONE_MARKS = "\u0300\u0301\u0309\u0303\u0323"
