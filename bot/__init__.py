"""studybot: a cited-answer engine for international-relations study servers."""

__version__ = "0.1.0"
