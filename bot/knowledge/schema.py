"""Pydantic models for the knowledge base: one YAML file holds one model.

Layout: ``knowledge/<kind>s/<id>.yaml`` for concepts, organizations, documents, cases
and sources; ``knowledge/comparisons/<a>--<b>.yaml`` for curated comparisons.
Unknown keys are errors (``extra="forbid"``); cross-references are checked by the
loader once every file is read, because a single file cannot know the others.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# Ids are short slugs: at most 40 characters, so that two of them always fit in a Discord
# button's custom id (100 characters) and page buttons can rebuild any comparison.
EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

ENTRY_KINDS = ("concept", "organization", "document", "case", "source")
# Folder under knowledge/ for each kind; comparisons live in "comparisons".
KIND_DIRS = {kind: f"{kind}s" for kind in ENTRY_KINDS}
COMPARISON_DIR = "comparisons"
# Hand-written quiz items, ``knowledge/quizzes/<id>.yaml``: practice, not entries, so the
# matcher never answers with them.
QUIZ_DIR = "quizzes"


# How a section that names a place, not a title, begins (see Citation.locus).
STRUCTURAL_LOCI = (
    "chapter",
    "ch.",
    "preamble",
    "para",
    "section",
    "art",
    "part",
    "annex",
    "as amended",
    "p.",
    "pp.",
    "§",
    "title",
    "principle",
    "recital",
    "operative",
)


class _SharedFieldSet(set):
    """A set of given field names shared by many models, so it refuses changes. A ``set``
    still, since pydantic's serialiser insists on one (``exclude_unset``)."""

    def _refuse(self, *_args: object) -> None:
        raise TypeError("the set of given fields is shared by frozen models")

    add = discard = remove = pop = clear = update = _refuse
    difference_update = intersection_update = symmetric_difference_update = _refuse
    __ior__ = __iand__ = __isub__ = __ixor__ = _refuse


# The distinct sets of given field names, one shared copy of each (Strict.model_post_init).
_FIELD_SETS: dict[frozenset[str], _SharedFieldSet] = {}


class Strict(BaseModel):
    """Base for every knowledge model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True
    )

    def model_post_init(self, context: Any, /) -> None:
        """Share one set of the fields given among all models that gave the same ones:
        pydantic keeps a set per instance (216-728 bytes; 9 MB over 10,000 entries and
        their citations), and a frozen model never adds to it."""
        given = frozenset(self.__pydantic_fields_set__)
        shared = _FIELD_SETS.get(given)
        if shared is None:
            shared = _FIELD_SETS[given] = _SharedFieldSet(given)
        object.__setattr__(self, "__pydantic_fields_set__", shared)


class Citation(Strict):
    """A pointer from an entry to a source entry, with an optional precise locus.

    Primary texts are cited by ``article`` (e.g. "Art. 43") or ``section``; books by
    ``pages`` only where the page is checked in facts.md, otherwise by ``section``
    (a chapter or entry title) or nothing at all.
    """

    source: EntryId
    article: Text | None = None
    section: Text | None = None
    pages: Text | None = None

    def locus(self) -> str:
        """The precise place cited, e.g. "Art. 51" or "pp. 3-7", or "" when none."""
        parts = []
        if self.article:
            parts.append(self.article)
        if self.section:
            # A named part (a dictionary entry, an essay, a chapter's title) is quoted, so
            # it does not read as a stray sentence after the reference; "Chapter VII",
            # "para. 139" or "Preamble" are places, not titles.
            structural = self.section.lower().startswith(STRUCTURAL_LOCI)
            parts.append(self.section if structural else f'"{self.section}"')
        if self.pages:
            parts.append(f"p. {self.pages}" if "-" not in self.pages else f"pp. {self.pages}")
        return ", ".join(parts)


class EntryBase(Strict):
    """Fields shared by every entry kind."""

    id: EntryId
    title: Text
    aliases: list[Text] = Field(default_factory=list)
    summary: Text = Field(description="1-3 quotable sentences")
    body: Text = Field(description="markdown prose in our own words")
    key_points: list[Text] = Field(default_factory=list)
    related: list[EntryId] = Field(default_factory=list)


class CitingEntry(EntryBase):
    """An entry that teaches something and must cite at least one source."""

    cases: list[EntryId] = Field(default_factory=list, description="case ids illustrating it")
    sources: list[Citation] = Field(min_length=1)


class Concept(CitingEntry):
    """An idea of the field: collective security, R2P, deterrence..."""

    kind: Literal["concept"]


# The four rings of Cohen and Mihalka's cooperative-security model, inside out, named by
# the concept entries that describe them.
RING_IDS = (
    "individual-security",
    "collective-security",
    "collective-defense",
    "promoting-stability",
)
Ring = Literal[
    "individual-security", "collective-security", "collective-defense", "promoting-stability"
]


class RingRole(Citation):
    """One ring of the four that an organisation serves, why, and where that is written.

    It is a citation with two more fields, so the basis is cited like any other claim:
    ``{ring: collective-defense, basis: "...", source: north-atlantic-treaty-1949,
    article: "Art. 5"}``.
    """

    ring: Ring
    basis: Text = Field(
        description="one line: what in its founding texts or practice puts it in the ring"
    )


class Organization(CitingEntry):
    """An international organisation or alliance."""

    kind: Literal["organization"]
    founded: Text = Field(description="year or date of founding, e.g. '1945'")
    founding_document: EntryId = Field(description="id of its founding document entry")
    rings: list[RingRole] = Field(
        default_factory=list,
        description="which of the four rings of cooperative security it serves",
    )

    @model_validator(mode="after")
    def _each_ring_once(self) -> Organization:
        named = [role.ring for role in self.rings]
        if len(named) != len(set(named)):
            raise ValueError("rings: each ring at most once")
        return self


class Document(CitingEntry):
    """A primary text or a part of one: a Charter chapter, a treaty article, a resolution."""

    kind: Literal["document"]
    date: Text | None = Field(default=None, description="date of signature or adoption")


class Case(CitingEntry):
    """A historical case; ``illustrates`` names the concepts it illustrates."""

    kind: Literal["case"]
    period: Text = Field(description="e.g. '1931-1933'")
    illustrates: list[EntryId] = Field(min_length=1)


class Source(EntryBase):
    """A bibliographic source; renders one full reference in a consistent style."""

    kind: Literal["source"]
    source_type: Literal["book", "edited-book", "report", "paper", "treaty", "resolution"]
    work_title: Text | None = Field(
        default=None, description="the work's own title when `title` is a display label"
    )
    authors: list[Text] = Field(default_factory=list)
    editors: list[Text] = Field(default_factory=list)
    translators: list[Text] = Field(default_factory=list)
    publisher: Text | None = None
    place: Text | None = None
    year: int
    edition: Text | None = None
    series: Text | None = None
    url: Text | None = None
    note: Text | None = Field(default=None, description="signature, entry into force, ISBN...")
    body: Text = Field(default="", description="what the source covers")  # type: ignore[assignment]

    @model_validator(mode="after")
    def _has_author_or_editor(self) -> Source:
        if self.source_type in ("book", "paper", "report") and not self.authors:
            raise ValueError(f"a {self.source_type} needs authors")
        if self.source_type == "edited-book" and not self.editors:
            raise ValueError("an edited-book needs editors")
        return self


class Facet(Strict):
    """One row of a side-by-side comparison."""

    facet: Text
    left: Text
    right: Text


class Comparison(Strict):
    """A curated side-by-side of two entries, stored as ``comparisons/<a>--<b>.yaml``."""

    kind: Literal["comparison"]
    entries: tuple[EntryId, EntryId]
    title: Text | None = None
    summary: Text = Field(description="one sentence on the core difference")
    facets: list[Facet] = Field(min_length=1)
    cases: list[EntryId] = Field(default_factory=list)
    sources: list[Citation] = Field(min_length=1)

    @property
    def id(self) -> str:
        """Comparison id: the two entry ids joined by ``--``."""
        return f"{self.entries[0]}--{self.entries[1]}"

    @model_validator(mode="after")
    def _two_distinct(self) -> Comparison:
        if self.entries[0] == self.entries[1]:
            raise ValueError("a comparison needs two different entries")
        return self


# A multiple-choice item offers one right answer and this many wrong ones (four buttons).
QUIZ_DISTRACTORS = 3


class QuizQuestion(Strict):
    """One hand-written multiple-choice item: a question, its answer, three wrong options,
    an explanation and the sources that support it (cited like any entry's claims)."""

    question: Text
    answer: Text
    distractors: list[Text] = Field(min_length=QUIZ_DISTRACTORS, max_length=QUIZ_DISTRACTORS)
    explanation: Text = Field(description="why the answer is right, in one or two sentences")
    entries: list[EntryId] = Field(
        default_factory=list, description="ids of the entries it practises (for --topic)"
    )
    sources: list[Citation] = Field(min_length=1)


class Quiz(Strict):
    """A file of hand-written quiz items, stored as ``quizzes/<id>.yaml``."""

    id: EntryId
    kind: Literal["quiz"]
    title: Text | None = None
    items: list[QuizQuestion] = Field(min_length=1)


Entry = Concept | Organization | Document | Case | Source
MODEL_BY_KIND: dict[str, type[BaseModel]] = {
    "concept": Concept,
    "organization": Organization,
    "document": Document,
    "case": Case,
    "source": Source,
    "comparison": Comparison,
    "quiz": Quiz,
}
