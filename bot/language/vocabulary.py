"""Word lists for normalisation: abbreviations students type, spellings, stop words.

Kept as data so that a moderator can see, in one place, why "CS" finds collective
security and why "what is" never counts as evidence.
"""

from __future__ import annotations

from bot.language.stem import stem, stemmed

# "World War 1", "world war II": the numeral read as the ordinal of the war's name.
WORLD_WAR_NUMERALS = {
    **dict.fromkeys(("1", "i", "one"), "first"),
    **dict.fromkeys(("2", "ii", "two"), "second"),
}
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
    # "U.S." and a capitalised "US" are read as "usa" (normalise, tokens): the country.
    "usa": "united states",
    "art": "article",
    "v": "vs",
    "col": "collective",
    "coll": "collective",
    "coop": "cooperative",
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
# Words after which a number names a part of a text: "chapter 7", "article five", "ring 2".
# Anywhere else a small number says nothing ("explain it like im 5").
NUMBERED_WORDS = frozenset({"chapter", "article", "ring", "pillar", "resolution", "paragraph"})
# Cardinal and ordinal number words, up to the twelve chapters and articles students name.
_NUMBER_NAMES = [
    ("one", "first", "1st"),
    ("two", "second", "2nd"),
    ("three", "third", "3rd"),
    ("four", "fourth", "4th"),
    ("five", "fifth", "5th"),
    ("six", "sixth", "6th"),
    ("seven", "seventh", "7th"),
    ("eight", "eighth", "8th"),
    ("nine", "ninth", "9th"),
    ("ten", "tenth", "10th"),
    ("eleven", "eleventh", "11th"),
    ("twelve", "twelfth", "12th"),
]
NUMBER_WORDS = {word: str(n) for n, names in enumerate(_NUMBER_NAMES, 1) for word in names}
# Ordinals may also come BEFORE the numbered word: "the seventh chapter", "sixth and seventh
# chapters". Cardinals never do ("two chapters" is a count, not a name).
ORDINALS = {word: str(n) for n, names in enumerate(_NUMBER_NAMES, 1) for word in names[1:]}
# Which chapter of the UN Charter holds each article, for "articles 39 to 42" (Chapter VII).
# Only the chapters the knowledge base teaches; ranges from the Charter's text.
CHARTER_CHAPTERS = {"6": (33, 38), "7": (39, 51), "8": (52, 54)}
# A small number next to a month is a date ("11 September", "september 11").
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
# Letter codes before a serial number: "ES-11/1" (emergency special session), "No. 3".
SERIAL_PREFIXES = frozenset({"es", "no"})
# What a number before them measures in an exam prompt ("in 500 words", "10 marks").
LENGTH_WORDS = stemmed("word words mark marks page pages")
# Words that join the two ends of an article range: "articles 39 to 42", "39-42".
RANGE_WORDS = frozenset({"to", "through", "thru", "till", "until"})

# Words that carry no evidence about which entry is meant.
STOP_WORDS = stemmed(
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
    wondering eg ie etc many much several still already always never often sometimes
    usually maybe anymore nowadays yet
    """
)
# Exam instructions ("Critically analyse...", "Enumerate...", "in 500 words") say how to
# answer, never what about: no evidence either.
EXAM_WORDS = stemmed(
    """
    discuss discussion enumerate elaborate examine critically critical analyse analyze
    analysis assess evaluate outline briefly brief comment justify essay marks words
    following among assertion statement statements true false correct incorrect option
    options choose select mcq fill blank blanks below write short note notes answer
    answers answered answering
    """
)
# What is asked about a subject ("the role of", "the purpose of", "the weaknesses of"): the
# aspect, never the subject itself.
ASPECT_WORDS = stemmed(
    """
    purpose purposes role roles function functions importance significance relevance
    relevant weakness weaknesses strength strengths success successful effectiveness
    criticism criticisms pros cons advantages disadvantages drawbacks history origin
    origins based headquarters headquartered located location
    """
)
# How a forum post greets and thanks ("hey guys, quick question", "any help?").
CHAT_WORDS = stemmed(
    """
    hey hello hi guys guy folks everyone everybody anyone someone quick quickly question
    questions please pls plz help thanks thank ok okay basically actually wondering lol
    think thinks opinion needed urgent urgently
    """
)
# The student's setting: the exam, the homework, the textbook, the course ("IR").
STUDY_WORDS = stemmed(
    """
    exam exams tomorrow tonight homework assignment assignments coursework textbook
    textbooks lecture lectures lecturer professor prof tutor tutorial seminar syllabus
    revision revising midterm midterms semester ir context
    """
)
# Words that frame a question without being about anything: the semantic signal reads the
# question without them (matcher.py), so "Q1 ... Discuss. (10 marks)" or "hey guys, quick
# question:" around a question leave its vector, not only its evidence, as it was.
FILLER_WORDS = EXAM_WORDS | CHAT_WORDS | STUDY_WORDS
STOP_WORDS = STOP_WORDS | EXAM_WORDS | ASPECT_WORDS | CHAT_WORDS | STUDY_WORDS
# The function words of French, German and Spanish questions (written as tokens: accents
# folded, apostrophes split off), since entries carry names in those languages ("sécurité
# collective", "kollektive Sicherheit"). Never "un" or "au": they are the UN and the AU.
FOREIGN_STOP_WORDS = stemmed(
    """
    le la les l des du de d aux et ou est sont ce cette ces qu que qui quoi quel quelle
    quels quelles pourquoi comment dans pour par sur avec entre une il elle ils
    der die das den dem des ein eine einer und oder ist sind was wer wie warum welche
    welcher welches zwischen mit von zu im auf nicht jahr jahre jahren ne pas son
    el los las lo una y o es que cual cuales por para con del entre como
    """
)
STOP_WORDS = STOP_WORDS | FOREIGN_STOP_WORDS
# ...and the comparison cues, added below: they steer the answer, they are not evidence.

# Cues that ask for a comparison of two named things.
COMPARISON_CUES = stemmed(
    """
    difference differences different differently differ differs compare compared comparison
    contrast contrasted vs distinguish apart similar similarity similarities same rival
    separate separates differentiate distinguishe distinction distinctions relate related
    relation relationship alike unlike alternative resemble resembles dichotomy
    unterschied unterschiede vergleich diferencia diferencias comparaison comparer comparar
    """
)
# Words that link the two sides of a comparison when they sit between two mentions.
PAIR_LINKS = stemmed("vs or and from with to than just part against et und y ou oder o")

# Words that say the subject is an idea ("the idea that...", "the theory of...").
CONCEPT_CUES = stemmed("idea concept theory notion principle term")
# Phrases that set two things against each other: "X but not Y", "X rather than Y".
# ("more than", "better than" are read from structure instead, with a name on each side:
# "more than 30 members" compares nothing.)
CONTRAST_PHRASES = tuple(
    " ".join(stem(w) for w in phrase.split())
    for phrase in (
        "but not",
        "rather than",
        "instead of",
        "as opposed to",
        "compared to",
        "compared with",
        "goes beyond",
        "by another name",
        "same as",
        # Two things pulling apart: "how does R2P conflict with sovereignty".
        "conflicts with",
        "at odds with",
        "clashes with",
        "tension between",
        "compatible with",
    )
)

# Questions about a source: who wrote it, which book, how to cite it.
SOURCE_CUES = stemmed(
    """
    book books wrote written writer author authors reference references cite citing citation
    bibliography publisher published paper report source sources edition reading
    """
)
# Questions about an event rather than an idea.
CASE_CUES = stemmed("happened happen case crisis invasion invaded war")
STOP_WORDS = STOP_WORDS | COMPARISON_CUES

# Words that name many things besides our subject: a question whose only name is one of
# these ("ivy league", "pocket veto", "student council", "self-defense class") must show
# other evidence of being about international security before it is answered.
GENERIC_WORDS = stemmed(
    """
    league council veto security defense alliance alliances sanction sanctions charter peace
    treaty covenant war intervention self assembly general deterrence liberal
    """
)
# Words that put a generic name in another field: a governor's or Congress's veto, a
# fantasy or Ivy league, a school's council, a pension's social security, a company's
# sanctions screening. With only generic names in a question, one of these leaves just
# strong subject evidence to answer it, and is no such evidence itself.
OTHER_SENSE_WORDS = stemmed(
    """
    governor governors legislature legislative legislator congress congressional senate
    senator senators mayor bill bills appropriations filibuster statute
    fantasy ivy keeper playoff playoffs season football soccer baseball basketball hockey
    rugby cricket nfl nba mlb esports videogame
    password passwords software computer network cyber firewall
    pension pensions retirement benefits ssn
    company companies business businesses customer customers vendor vendors compliance ofac
    employer employee employees
    bible biblical god hebrews testament church churches scripture theology religious
    penalty penalties murder murders murderer murderers killer killers deadly
    homeowner homeowners intruder intruders burglar burglars landlord landlords tenant
    tenants rent rental deposit deposits lawsuit
    naturalism naturalist romanticism novel novels novelist poem poems poetry painting
    """
)
# Words that put the one-word name right after them in another setting ("school
# sanctions", "food sovereignty", "game alliance"), though some are everyday words and some
# occur in our summaries ("food" beside human security).
SETTING_WORDS = stemmed(
    """
    school schools college university family game games team teams home house car job
    class student students teacher food tribal net internet digital restrictive
    """
)
# Words that make the short alias before them another thing's name: the SDN list (a
# sanctions register, not the Société des Nations). "UN" is expanded before the matcher
# sees it, so its own compound (a UN number, for dangerous goods) is read in tokens():
# UN_CODE_WORDS.
ACRONYM_COMPOUNDS = stemmed("list lists number numbers code codes format file files card cards")
# Words after a four-letter acronym too that make it another thing's name: an "OSCE
# station" is a stage of a medical exam, the "NATO alphabet" the spelling alphabet.
ACRONYM_THING_WORDS = stemmed("station stations alphabet phonetic")
UN_CODE_WORDS = frozenset({"number", "numbers"})
# Everyday English that any question may use: it says nothing about the DOMAIN of a
# question ("how does it work", "what do i want"), though it may help pick an entry.
EVERYDAY_WORDS = stemmed(
    """
    work works working use used uses using make makes made making go goes going went gone see
    come comes came coming
    seen find found think thought take taken took bring start started set turn follow
    following give given gave one two three first last next new old good bad best better
    worse big small large long short high low time times today day days year years week
    month way ways thing part place home house car school game games play playing player
    team teams money pay paid buy sell job work people person man woman men women child
    children family friend friends name number list lot lots kind type sort want wants need
    needs try keep let put call called ask asked answer answers show shows mean may might
    must shall consider considered apply applies stand meet meeting happen happens really
    even still ever already always never often sometimes usually usual maybe actually true
    false easy hard easiest simple main role basic common general specific following
    example note notes page book books read write written learn learning study studies
    student students teacher class course exam test question questions answer change
    changes changed effect effects effective important importance reason reasons cause
    causes result results problem problems issue issues help helps system systems process
    view views world life live lives local public private law laws rule rules right rights
    power powers level levels member members group groups support supports protect
    protection safe secure action actions plan plans policy policies function functions
    purpose purposes feature features factor factors significance
    override overrides overridden overrule overrules overruled overturn overturned block
    blocks blocked stop stops stopped
    """
)
# Every word of the lists above: words of ours too, which a long misspelt word may have
# meant ("diferences" is a comparison cue, "Congrses" another field's word).
LISTED_WORDS = (
    STOP_WORDS
    | OTHER_SENSE_WORDS
    | SETTING_WORDS
    | SOURCE_CUES
    | CASE_CUES
    | CONCEPT_CUES
    | EVERYDAY_WORDS
)
