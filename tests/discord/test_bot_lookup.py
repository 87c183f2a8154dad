"""/define, /case, /compare, /sources (with autocomplete) and /topics end to end: the real
StudyBot on FakeDiscord with the real knowledge base. One bot for the whole module."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from bot_helpers import (
    NEAR_MISSES,
    BotEnv,
    Reply,
    assert_within_limits,
    bot_env,
    split_references,
)
from fake_discord import CallbackType

from bot.answer.compose import sources_answer
from bot.discord_ui.embeds import render_embeds
from bot.matching.complete import complete
from cogs.lookup import CLOSE_NAME
from cogs.topics import PAGE_SIZE

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]

DEFINABLE = {"concept", "organization", "document"}
REFERENCE = re.compile(r"^\[(\d+)\] ", re.MULTILINE)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotEnv]:
    async with bot_env(tmp_path_factory.mktemp("lookup")) as started:
        yield started


def kind_of(env: BotEnv, entry_id: str) -> str:
    return env.bot.engine.kb.entries[entry_id].kind


def reference_numbers(reply: Reply) -> list[int]:
    """Citation numbers listed in the References field(s) of the reply's embed."""
    _, values = split_references(reply.embed)
    return [int(n) for value in values for n in REFERENCE.findall(value)]


# -- autocomplete --------------------------------------------------------------------------


async def test_define_autocomplete(env: BotEnv) -> None:
    reply = await env.driver.autocomplete("define", {"term": "collec"}, "term")
    assert reply.type == CallbackType.AUTOCOMPLETE_RESULT
    choices = reply.choices
    assert {"name": "Collective security", "value": "collective-security"} in choices
    assert 0 < len(choices) <= 10
    assert all(len(c["name"]) <= 100 for c in choices)
    assert {kind_of(env, c["value"]) for c in choices} <= DEFINABLE


async def test_case_autocomplete_offers_only_cases(env: BotEnv) -> None:
    everything = await env.driver.autocomplete("case", {"name": ""}, "name")
    cases = {e.id for e in env.bot.engine.kb.by_kind("case")}
    offered = {c["value"] for c in everything.choices}
    # Ten good choices read better than Discord's 25.
    assert offered <= cases and len(offered) == min(len(cases), 10)

    typed = await env.driver.autocomplete("case", {"name": "rwan"}, "name")
    assert typed.choices[0]["value"] == "rwanda-1994"
    assert {kind_of(env, c["value"]) for c in typed.choices} == {"case"}


async def test_compare_autocomplete_both_options(env: BotEnv) -> None:
    first = await env.driver.autocomplete("compare", {"first": "peacek"}, "first")
    values = [c["value"] for c in first.choices]
    # Names that start with the text come first; no padding with other "peace..." entries.
    assert values[0] == "peacekeeping" and "peace-enforcement" not in values

    second = await env.driver.autocomplete(
        "compare", {"first": "peacekeeping", "second": "peace enf"}, "second"
    )
    assert second.choices[0]["value"] == "peace-enforcement"
    third = await env.driver.autocomplete("compare", {"first": "north atl"}, "first")
    kinds = {kind_of(env, c["value"]) for c in third.choices}
    assert len(kinds) > 1, "/compare offers every kind"


# -- /define and /case ---------------------------------------------------------------------


@pytest.mark.parametrize("term", ["collective-security", "Collective securty"])
async def test_define_by_id_or_typed_title(env: BotEnv, term: str) -> None:
    reply = await env.driver.command("define", {"term": term}, user=env.user("define"))
    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert not reply.ephemeral
    assert reply.embed["title"] == "Collective security"
    assert not reply.content, "the title says what was looked up: no echo"
    assert any(i.startswith("fb:") for i in reply.custom_ids)
    assert reference_numbers(reply), "the definition is cited"


@pytest.mark.parametrize("name", ["rwanda-1994", "Rwanda"])
async def test_case(env: BotEnv, name: str) -> None:
    reply = await env.driver.command("case", {"name": name}, user=env.user("case"))
    assert not reply.ephemeral
    assert reply.embed["title"] == env.bot.engine.kb.entries["rwanda-1994"].title
    assert "Illustrates" in [f["name"] for f in reply.embed["fields"]]


async def test_define_nonsense_without_suggestions(env: BotEnv) -> None:
    reply = await env.driver.command(
        "define", {"term": "xyzzy"}, completes=False, user=env.user("odd")
    )
    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert reply.content == "I have no entry called **xyzzy**. Try `/topics` to browse."
    assert not reply.custom_ids
    assert reply.data["allowed_mentions"]["parse"] == []


def unknown_term_with_suggestions(env: BotEnv) -> str:
    """A /define term that resolves to no entry but that the matcher has suggestions for."""
    kb = env.bot.engine.kb
    for term in NEAR_MISSES:
        if complete(kb, term, tuple(DEFINABLE), limit=1, cutoff=CLOSE_NAME):
            continue
        answer = env.bot.engine.ask(term)
        if answer.kind == "none" and answer.suggestions:
            return term
    raise AssertionError(f"no term of {NEAR_MISSES} reaches the 'no entry' reply any more")


async def test_define_unknown_term_suggests_entries(env: BotEnv) -> None:
    user = env.user("odd2")
    term = unknown_term_with_suggestions(env)
    reply = await env.driver.command("define", {"term": term}, user=user)
    assert reply.ephemeral
    assert reply.content.startswith(f"I have no entry called **{term}**.")
    assert reply.content.endswith("Did you mean one of these?")
    suggested = [i for i in reply.custom_ids if i.startswith("dym:")]
    assert suggested == reply.custom_ids and suggested

    entry_id = suggested[0].removeprefix("dym:")
    answer = await env.driver.click(suggested[0], reply.message, user=user)
    assert answer.embed["title"] == env.bot.engine.kb.entries[entry_id].title
    assert answer.ephemeral, "a press is browsing"


async def test_define_unrelated_word_is_not_answered_with_a_random_entry(env: BotEnv) -> None:
    reply = await env.driver.command(
        "define", {"term": "blockchain"}, completes=False, user=env.user("crypto")
    )
    assert reply.ephemeral
    assert reply.content.startswith("I have no entry called **blockchain**")


# -- /compare ---------------------------------------------------------------------------------


async def test_compare_curated(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    curated = kb.comparison("peacekeeping", "peace-enforcement")
    assert curated is not None
    reply = await env.driver.command(
        "compare",
        {"first": "peacekeeping", "second": "peace-enforcement"},
        user=env.user("cmp"),
    )
    assert not reply.ephemeral
    assert reply.embed["title"] == curated.title
    assert reply.embed["footer"]["text"].endswith("curated comparison")
    assert reply.embed["fields"][0]["value"].startswith("**Peacekeeping:**")


async def test_compare_typed_names(env: BotEnv) -> None:
    reply = await env.driver.command(
        "compare", {"first": "NATO", "second": "Warsaw Pact"}, user=env.user("cmp2")
    )
    assert reply.embed["title"] == env.bot.engine.kb.comparison("nato", "warsaw-pact").title


async def test_compare_without_curated_comparison_is_built(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    assert kb.comparison("deterrence", "human-security") is None
    reply = await env.driver.command(
        "compare", {"first": "deterrence", "second": "human-security"}, user=env.user("cmp3")
    )
    assert reply.embed["title"] == "Deterrence vs Human security"
    # Said once, in the summary; rows that line up, no "Kind" or "Key point" rows.
    card = repr(reply.embed)
    assert card.count("Built from") == 1 and "curated" not in card
    assert reply.embed["fields"][0]["name"] == "In short"
    assert not {"Kind", "Key point 1"} & {f["name"] for f in reply.embed["fields"]}


async def test_compare_same_entry_twice(env: BotEnv) -> None:
    reply = await env.driver.command(
        "compare",
        {"first": "collective-security", "second": "collective-security"},
        user=env.user("cmp4"),
    )
    assert reply.ephemeral
    assert reply.content == "Pick two different entries to compare."
    assert not reply.embeds


# -- /sources ---------------------------------------------------------------------------------


async def test_sources_reading_list(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    user = env.user("reader")
    reply = await env.driver.command("sources", user=user)
    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert not reply.ephemeral
    assert reply.embed["title"] == "Reading list"

    pages = await env.driver.walk_pages(reply, user=user)
    assert len(pages) == len(render_embeds(sources_answer(kb)))
    numbers = [n for page in pages for n in reference_numbers(page)]
    assert numbers == list(range(1, len(kb.by_kind("source")) + 1)), "every source, once"
    assert_within_limits([page.embed for page in pages], "reading list")


async def test_sources_of_one_entry(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    entry = kb.entries["collective-security"]
    reply = await env.driver.command(
        "sources", {"entry": "collective-security"}, user=env.user("reader2")
    )
    assert not reply.ephemeral
    assert reply.embed["title"] == "Sources: Collective security"
    cited = {c.source for c in entry.sources}
    assert reference_numbers(reply) == list(range(1, len(cited) + 1))


async def test_sources_of_a_source_is_its_entry(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    source = kb.by_kind("source")[0]
    reply = await env.driver.command("sources", {"entry": source.id}, user=env.user("reader3"))
    assert reply.embed["title"] == source.title
    assert "Reference" in [f["name"] for f in reply.embed["fields"]]


# -- /topics ----------------------------------------------------------------------------------


def select(reply: Reply, placeholder: str) -> dict:
    [found] = [c for c in reply.components if c.get("placeholder") == placeholder]
    return found


async def test_topics_browse_by_kind(env: BotEnv) -> None:
    kb = env.bot.engine.kb
    user = env.user("browser")
    reply = await env.driver.command("topics", user=user)

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert reply.embed["title"] == "Concepts"
    kinds = select(reply, "Kind of entry")
    assert kinds["type"] == 3
    labels = {o["value"]: o["label"] for o in kinds["options"]}
    assert labels["case"] == f"Cases ({len(kb.by_kind('case'))})"
    assert select(reply, "Read an entry")["type"] == 3

    cases = await env.driver.click(kinds["custom_id"], reply.message, values=["case"], user=user)
    assert cases.type == CallbackType.UPDATE_MESSAGE
    assert cases.embed["title"] == "Cases"
    first_page = kb.by_kind("case")[:PAGE_SIZE]
    pages = -(-len(kb.by_kind("case")) // PAGE_SIZE)
    for case in first_page:
        assert f"**{case.title}**" in cases.embed["description"]
    assert cases.embed["footer"]["text"].startswith(f"page 1/{pages}")
    entry_menu = select(cases, "Read an entry")
    assert {o["value"] for o in entry_menu["options"]} == {c.id for c in first_page}
    assert cases.component(label="Next")["disabled"] is (pages == 1)

    picked = await env.driver.click(
        entry_menu["custom_id"], cases.message, values=["rwanda-1994"], user=user
    )
    assert picked.type == CallbackType.CHANNEL_MESSAGE
    assert picked.embed["title"] == kb.entries["rwanda-1994"].title


async def test_topics_next_page(env: BotEnv) -> None:
    concepts = env.bot.engine.kb.by_kind("concept")
    assert len(concepts) > 20, "needs more than one page of concepts"
    pages = -(-len(concepts) // 20)
    user = env.user("pager")
    reply = await env.driver.command("topics", user=user)
    assert reply.embed["footer"]["text"].startswith(f"page 1/{pages}")
    assert reply.component(label="Previous")["disabled"] is True

    page2 = await env.driver.click(
        reply.component(label="Next")["custom_id"], reply.message, user=user
    )
    assert page2.type == CallbackType.UPDATE_MESSAGE
    assert page2.embed["footer"]["text"].startswith(f"page 2/{pages}")
    for concept in concepts[20:40]:
        assert f"**{concept.title}**" in page2.embed["description"]
    assert f"**{concepts[0].title}**" not in page2.embed["description"]
    assert not page2.component(label="Previous").get("disabled", False)


async def test_topics_view_belongs_to_its_user(env: BotEnv) -> None:
    owner = env.user("owner")
    reply = await env.driver.command("topics", user=owner)
    kinds = select(reply, "Kind of entry")

    intruder = await env.driver.click(
        kinds["custom_id"], reply.message, values=["case"], user=env.user("intruder")
    )
    assert intruder.type == CallbackType.CHANNEL_MESSAGE
    assert intruder.ephemeral
    assert intruder.content == "Use `/topics` to browse on your own."
    assert env.fake.original_message(reply.payload)["embeds"][0]["title"] == "Concepts"

    mine = await env.driver.click(kinds["custom_id"], reply.message, values=["case"], user=owner)
    assert mine.type == CallbackType.UPDATE_MESSAGE
    assert mine.embed["title"] == "Cases"
