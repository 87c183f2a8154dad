"""The stemmers: a light one for names and questions, a stronger root for evidence."""

from __future__ import annotations

from functools import lru_cache

# Greek plurals in -ses whose singular ends in -sis: cutting the "s" left "crise", which
# met neither "crisis" nor the "Cuban missile crisis".
_SIS_PLURALS = frozenset({"crises", "theses", "hypotheses", "analyses", "syntheses", "emphases"})


@lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """A deliberately light stemmer: plurals only, so "vetoed" never names "veto"."""
    if len(token) <= 3 or token.isdigit():
        return token
    if token in _SIS_PLURALS:
        return token[:-2] + "is"
    if token.endswith("ies") and len(token) > 4:
        return token[:-3] + "y"
    if token.endswith(("ss", "us", "is")):
        return token
    if token.endswith("s"):
        return token[:-1]
    return token


_ROOT_SUFFIXES = ("fully", "ments", "ment", "ful", "ing", "ly", "ed")


@lru_cache(maxsize=65536)
def root(token: str) -> str:
    """A stronger stem for evidence only (never for names): "settlement" and "settle",
    "peacefully" and "peace", "vetoed" and "veto" share a root."""
    # American and British spellings share a root: "authorize" and "authorise".
    token = token.replace("iz", "is")
    for suffix in _ROOT_SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 4:
            return token[: -len(suffix)]
    return token


def stemmed(words: str) -> frozenset[str]:
    """A word list (whitespace-separated) as the stems that tokens are compared with.

    Every list the matcher compares tokens against goes through here: "does" is
    tokenised as "doe", so the stop word must be "doe" too.
    """
    return frozenset(stem(w) for w in words.split())
