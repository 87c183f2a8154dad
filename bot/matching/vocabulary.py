"""Word lists for normalisation: abbreviations students type, spellings, stop words.

Kept as data so that a moderator can see, in one place, why "CS" finds collective
security and why "what is" never counts as evidence.
"""

from __future__ import annotations

# One token -> its expansion. Applied to questions AND to entry names, so both sides meet.
ABBREVIATIONS: dict[str, str] = {
    "cs": "collective security",
    "cd": "collective defense",
    "r2p": "responsibility to protect",
    "rtop": "responsibility to protect",
    "unsc": "united nations security council",
    "unga": "united nations general assembly",
    "un": "united nations",
    "uno": "united nations",
    "onu": "united nations",
    "eu": "european union",
    "art": "article",
    "arts": "article",
    "articles": "article",
    "res": "resolution",
    "ch": "chapter",
    "chap": "chapter",
    "chp": "chapter",
    "chpt": "chapter",
    "sec": "security",
    "def": "defense",
    "diff": "difference",
    "versus": "vs",
    "u": "you",
    "ur": "your",
    "pko": "peacekeeping operation",
    "bop": "balance of power",
    "wwi": "first world war",
    "ww1": "first world war",
    "wwii": "second world war",
    "ww2": "second world war",
    "p5": "permanent five",
}

# British and other spellings folded onto one form.
SPELLINGS: dict[str, str] = {
    "defence": "defense",
    "defences": "defense",
    "offence": "offense",
    "licence": "license",
    "centre": "center",
    "programme": "program",
    "neighbouring": "neighboring",
    "neighbour": "neighbor",
    "neighbours": "neighbor",
    "favour": "favor",
    "behaviour": "behavior",
    "labour": "labor",
    "peacekeepers": "peacekeeper",
    "enquiry": "inquiry",
    "judgement": "judgment",
}

# Roman numerals after "chapter" or "article" become digits: "chapter vii" == "chapter 7".
ROMAN = {
    "i": "1",
    "ii": "2",
    "iii": "3",
    "iv": "4",
    "v": "5",
    "vi": "6",
    "vii": "7",
    "viii": "8",
    "ix": "9",
    "x": "10",
    "xi": "11",
    "xii": "12",
}
NUMBERED_WORDS = {"chapter", "ring"}
NUMBER_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "first": "1", "second": "2"}

# Words that carry no evidence about which entry is meant.
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are arent as at be because been
    before being between both but by can cant could couldnt did didnt do does doesnt doing
    dont down during each else ever every exactly few for from further had has have having
    he her here hers him his how i id if im in into is isnt it its itself ive just like me
    more most my myself no nor not of off on once only or other our ours out over own really
    right say says she should so some such than that thats the their theirs them then there
    these they this those through to too under until up very was wasnt we were what whats
    when where which while who whom whos why will with would you your yours yourself explain
    explained explanation define definition meaning mean means meant tell describe term
    called name word concept idea notion please pls plz help question questions between
    versus thing things actually example examples ok okay hey hello thanks thank basically
    anyone someone something keep mixing mix confused confusing understand know get got
    wondering
    """.split()
)
# ...and the comparison cues, added below: they steer the answer, they are not evidence.

# Cues that ask for a comparison of two named things.
COMPARISON_CUES = frozenset(
    """
    difference differences different differently differ differs compare compared comparison
    contrast contrasted vs distinguish apart similar similarity similarities same rival
    separate separates differentiate distinguishe
    """.split()
)
# Words that link the two sides of a comparison when they sit between two mentions.
PAIR_LINKS = frozenset({"vs", "or", "and", "from", "with", "to", "than", "just", "part"})

# Questions about a source: who wrote it, which book, how to cite it.
SOURCE_CUES = frozenset(
    """
    book books wrote written writer author authors reference references cite citing citation
    bibliography publisher published paper report source sources edition reading
    """.split()
)
# Questions about an event rather than an idea.
CASE_CUES = frozenset({"happened", "happen", "case", "crisis", "invasion", "invaded", "war"})
STOP_WORDS = STOP_WORDS | COMPARISON_CUES
