"""/ask and the "Ask studybot" menu end to end: the real StudyBot on FakeDiscord with a real
SQLite file: embeds, pager, did-you-mean, mentions, feedback votes, storage failures and
the tree's error handler. One bot for the whole module (every test uses fresh users)."""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from bot_helpers import (
    CS_VS_CD,
    CS_VS_CD_TITLE,
    BotEnv,
    assert_within_limits,
    bot_env,
    count_rows,
    embed_total,
    fetch_rows,
    forge_button,
    question_with_suggestions,
    split_references,
)
from fake_discord import CallbackType
from PIL import Image

from bot.discord_ui.embeds import cited_numbers, render_embeds
from bot.discord_ui.limits import CARD_LIMIT
from bot.engine import MAX_QUESTION_CHARS
from bot.pictures.rings import FILENAME
from bot.ratelimit import Cooldown
from bot.storage import Storage

pytestmark = [pytest.mark.asyncio(loop_scope="module"), pytest.mark.filterwarnings("error")]

FEEDBACK_ID = re.compile(r"^fb:(\d+):([01])$")


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def env(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[BotEnv]:
    async with bot_env(tmp_path_factory.mktemp("answers")) as started:
        yield started


def feedback_ids(custom_ids: list[str]) -> dict[str, int]:
    """{"1"/"0": log id} from the feedback buttons' custom ids."""
    found = {}
    for custom_id in custom_ids:
        if match := FEEDBACK_ID.match(custom_id):
            found[match[2]] = int(match[1])
    return found


def questions_logged(database: Path, question: str) -> int:
    return count_rows(database, "SELECT count(*) FROM question_log WHERE question = ?", [question])


# -- /ask ------------------------------------------------------------------------------------


async def test_ask_known_question(env: BotEnv) -> None:
    before = questions_logged(env.database, CS_VS_CD)
    reply = await env.driver.command("ask", {"question": CS_VS_CD}, user=env.user("ada"))

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.embed["title"] == CS_VS_CD_TITLE
    assert "curated comparison" in reply.embed["footer"]["text"]
    assert not reply.ephemeral
    assert reply.content == f"> {CS_VS_CD}"
    assert reply.data["allowed_mentions"]["parse"] == []

    votes = feedback_ids(reply.custom_ids)
    assert set(votes) == {"1", "0"}
    assert votes["1"] == votes["0"]
    labels = {c.get("label") for c in reply.components}
    assert {"Helpful", "Not helpful"} <= labels

    assert questions_logged(env.database, CS_VS_CD) == before + 1
    [(kind, entries)] = fetch_rows(
        env.database, "SELECT kind, entries FROM question_log WHERE id = ?", [votes["1"]]
    )
    assert kind == "comparison"
    assert "collective-security" in entries and "collective-defense" in entries
    # The message Discord shows is exactly what the callback carried.
    assert reply.message["embeds"] == reply.embeds
    assert reply.message["flags"] == 0


async def test_the_public_answer_is_one_compact_card(env: BotEnv) -> None:
    """A phone screen: at most about 1,000 characters, every mark with its reference."""
    reply = await env.driver.command("ask", {"question": CS_VS_CD}, user=env.user("phone"))
    assert not reply.ephemeral
    card = reply.embed
    assert embed_total(card) <= CARD_LIMIT
    marks = cited_numbers(card["description"], *(f["value"] for f in card["fields"][:-1]))
    [references] = [f for f in card["fields"] if f["name"] == "References"]
    assert marks and marks == {int(n) for n in re.findall(r"^\[(\d+)\]", references["value"], re.M)}
    labels = [c.get("label") for c in reply.components]
    assert labels[0] == "All facets" and {"Cases", "Sources"} <= set(labels)
    assert "More" not in labels and "Next" not in labels  # the rest opens on demand


async def test_all_facets_opens_the_whole_answer_for_the_presser(env: BotEnv) -> None:
    full = render_embeds(env.bot.engine.ask(CS_VS_CD))
    assert len(full) > 1, "the curated comparison no longer needs two pages; pick a longer one"
    user = env.user("pager")
    card = await env.driver.command("ask", {"question": CS_VS_CD}, user=user)

    first = await env.driver.click(
        card.component(label="All facets")["custom_id"], card.message, user=user
    )
    assert first.type == CallbackType.CHANNEL_MESSAGE and first.ephemeral
    replies = await env.driver.walk_pages(first, user=user)
    assert len(replies) == len(full)
    seen = [r.embed for r in replies]
    for number, page in enumerate(seen, start=1):
        assert page["title"] == CS_VS_CD_TITLE
        assert page["footer"]["text"].startswith(f"studybot · page {number}/{len(full)}")
        # Every page carries the references of the numbers on it.
        own, references = split_references(page)
        marks = cited_numbers(page.get("description") or "", *own)
        listed = {int(n) for v in references for n in re.findall(r"^\[(\d+)\]", v, re.M)}
        assert marks <= listed, (number, marks - listed)
    assert_within_limits(seen, CS_VS_CD)
    assert env.fake.original_message(card.payload)["embeds"] == card.embeds, "the card stays"

    back = await env.driver.click(
        replies[-1].component(label="Previous")["custom_id"], replies[-1].message, user=user
    )
    assert back.type == CallbackType.UPDATE_MESSAGE


async def test_more_cases_compare_and_sources_of_an_entry(env: BotEnv) -> None:
    user = env.user("browser")
    card = await env.driver.command("ask", {"question": "what is collective security"}, user=user)
    labels = [c.get("label") for c in card.components]
    assert labels[:4] == ["More", "Cases", "Compare with…", "Sources"]

    more = await env.driver.click(
        card.component(label="More")["custom_id"], card.message, user=user
    )
    assert more.ephemeral and more.embed["title"] == "Collective security"
    assert any(f["name"] == "Key points" for f in more.embed["fields"])

    cases = await env.driver.click(
        card.component(label="Cases")["custom_id"], card.message, user=user
    )
    assert cases.ephemeral and cases.embed["title"] == "Cases: Collective security"
    assert "Abyssinia" in cases.embed["fields"][0]["value"]

    sources = await env.driver.click(
        card.component(label="Sources")["custom_id"], card.message, user=user
    )
    assert sources.ephemeral and sources.embed["title"] == "Sources: Collective security"

    picker = await env.driver.click(
        card.component(label="Compare with…")["custom_id"], card.message, user=user
    )
    assert picker.ephemeral
    select = picker.component(type=3)
    values = [o["value"] for o in select["options"]]
    assert values[0] in env.bot.engine.kb.comparisons_of("collective-security")
    compared = await env.driver.click(
        select["custom_id"], picker.message, values=["collective-defense"], user=user
    )
    assert compared.ephemeral and compared.embed["title"] == CS_VS_CD_TITLE
    assert "Post in channel" in [c.get("label") for c in compared.components]


async def test_browsing_never_counts_against_the_cooldown(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(env.bot.answers, "cooldown", Cooldown(rate=2, per=60))
    user = env.user("curious")
    card = await env.driver.command("ask", {"question": "what is deterrence"}, user=user)
    more_id = card.component(label="More")["custom_id"]
    for _ in range(5):  # reading is not asking
        reply = await env.driver.click(more_id, card.message, user=user)
        assert reply.embeds and "asking quickly" not in reply.content
    second = await env.driver.command("ask", {"question": "what is nato"}, user=user)
    assert second.embeds
    third = await env.driver.command("ask", {"question": "what is the osce"}, user=user)
    assert third.ephemeral and "asking quickly" in third.content


async def test_a_forged_pair_of_one_entry_builds_nothing(env: BotEnv) -> None:
    user = env.user("forger")
    card = await env.driver.command("ask", {"question": CS_VS_CD}, user=user)
    message = card.message
    forged = forge_button(message, "All facets", "collective-defense", "collective-security")
    reply = await env.driver.click(forged, message, user=user)
    assert reply.ephemeral and "please ask again" in reply.content


async def test_page_button_of_a_removed_entry(env: BotEnv) -> None:
    """A pager whose entry vanished in a reload asks the student to ask again."""
    user = env.user("stale")
    card = await env.driver.command("ask", {"question": CS_VS_CD}, user=user)
    first = await env.driver.click(
        card.component(label="All facets")["custom_id"], card.message, user=user
    )
    message = first.message
    stale_id = forge_button(message, "Next", "collective-defense", "gone-entry")
    assert stale_id.startswith("pg:") and "gone-entry" in stale_id

    reply = await env.driver.click(stale_id, message, user=user)
    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert "please ask again" in reply.content


async def test_unknown_question_is_ephemeral(env: BotEnv) -> None:
    question = "what is a firewall"
    reply = await env.driver.command("ask", {"question": question}, user=env.user("net"))

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert reply.embed["title"] == "Not in the knowledge base"
    assert reply.content == f"> {question}"
    assert not feedback_ids(reply.custom_ids)
    assert all(custom_id.startswith("dym:") for custom_id in reply.custom_ids)
    [(kind,)] = fetch_rows(
        env.database,
        "SELECT kind FROM question_log WHERE question = ? ORDER BY id DESC LIMIT 1",
        [question],
    )
    assert kind == "none"


async def test_did_you_mean_button_answers_that_entry(env: BotEnv) -> None:
    user = env.user("dym")
    question = question_with_suggestions(env.bot.engine)
    declined = await env.driver.command("ask", {"question": question}, user=user)
    assert declined.ephemeral
    suggested = [c for c in declined.components if c.get("custom_id", "").startswith("dym:")]
    assert suggested, "expected did-you-mean buttons for this question"
    button = suggested[0]
    entry_id = button["custom_id"].removeprefix("dym:")
    entry = env.bot.engine.kb.entries[entry_id]
    assert button["label"] == entry.title

    # Did-you-mean is said once: as buttons, not also as a field.
    assert "Did you mean" not in [f["name"] for f in declined.embed.get("fields", [])]

    answer = await env.driver.click(button["custom_id"], declined.message, user=user)
    assert answer.type == CallbackType.CHANNEL_MESSAGE
    assert answer.embed["title"] == entry.title
    assert answer.ephemeral, "a press is browsing: for the presser only"
    assert not feedback_ids(answer.custom_ids)
    assert answer.data["allowed_mentions"]["parse"] == []

    posted = await env.driver.click(
        answer.component(label="Post in channel")["custom_id"], answer.message, user=user
    )
    assert not posted.ephemeral and posted.embed["title"] == entry.title
    assert feedback_ids(posted.custom_ids)
    assert not posted.content, "a lookup's title says what it is: no echo"


# -- the message menu --------------------------------------------------------------------------


async def test_menu_refuses_an_overlong_message(env: BotEnv) -> None:
    text = ("what is the difference between collective security and collective defense " * 6)[:400]
    assert len(text.strip()) > MAX_QUESTION_CHARS
    before = count_rows(env.database, "SELECT count(*) FROM question_log")
    target = env.fake.user_message(text)

    reply = await env.driver.menu("Ask studybot", target, user=env.user("verbose"))

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert not reply.embeds and not reply.custom_ids
    assert f"under {MAX_QUESTION_CHARS}" in reply.content
    assert "characters" in reply.content
    assert count_rows(env.database, "SELECT count(*) FROM question_log") == before


async def test_menu_answers_a_normal_message(env: BotEnv) -> None:
    target = env.fake.user_message("what is deterrence?")
    reply = await env.driver.menu("Ask studybot", target, user=env.user("reader"))

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert not reply.ephemeral
    assert reply.embed["title"] == "Deterrence"
    assert reply.content == "> what is deterrence?"
    assert feedback_ids(reply.custom_ids)
    assert questions_logged(env.database, "what is deterrence?") == 1


async def test_menu_on_an_empty_message(env: BotEnv) -> None:
    target = env.fake.user_message("   ")
    reply = await env.driver.menu("Ask studybot", target, user=env.user("blank"))
    assert reply.ephemeral
    assert "no text" in reply.content


# -- mentions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "what is collective security? @everyone <@123> <@&456> @here",
        "@everyone <@123> firewall routers",
    ],
    ids=["answered", "declined"],
)
async def test_echoed_text_never_pings(env: BotEnv, question: str) -> None:
    reply = await env.driver.command("ask", {"question": question}, user=env.user("loud"))
    mentions = reply.data["allowed_mentions"]
    assert mentions["parse"] == []
    assert not mentions.get("users") and not mentions.get("roles")
    assert "@everyone" in reply.content  # echoed as text, but nobody is pinged


async def test_menu_echo_never_pings(env: BotEnv) -> None:
    target = env.fake.user_message("@everyone what is deterrence <@123>")
    reply = await env.driver.menu("Ask studybot", target, user=env.user("loud2"))
    assert reply.data["allowed_mentions"]["parse"] == []


# -- feedback --------------------------------------------------------------------------------------


async def test_feedback_votes_one_row_per_user(env: BotEnv) -> None:
    student = env.user("voter")
    answer = await env.driver.command("ask", {"question": "what is deterrence"}, user=student)
    votes = feedback_ids(answer.custom_ids)
    log_id = votes["1"]
    helpful, not_helpful = f"fb:{log_id}:1", f"fb:{log_id}:0"

    expected = {helpful: "Helpful · 1", not_helpful: "Not helpful · 1"}
    for custom_id in (helpful, helpful, not_helpful):
        voted = await env.driver.click(custom_id, answer.message, user=student)
        # The buttons show the votes so far; the thanks is private.
        assert voted.type == CallbackType.UPDATE_MESSAGE
        labels = {c["custom_id"]: c.get("label") for c in voted.components if "custom_id" in c}
        assert labels[custom_id] == expected[custom_id]
        other = not_helpful if custom_id == helpful else helpful
        assert labels[other] == ("Helpful" if other == helpful else "Not helpful")
        thanks = await env.driver.followup(voted)
        assert thanks.json["flags"] & 64
        assert thanks.json["content"].startswith("Thanks, your vote")
        assert labels["x:m:e:deterrence"] == "More", "the other buttons stay"

    rows = fetch_rows(env.database, "SELECT helpful FROM feedback WHERE log_id = ?", [log_id])
    assert rows == [(0,)], "one row per user and answer, holding the last vote"

    await env.driver.click(helpful, answer.message, user=env.user("second-voter"))
    rows = fetch_rows(
        env.database, "SELECT helpful FROM feedback WHERE log_id = ? ORDER BY helpful", [log_id]
    )
    assert rows == [(0,), (1,)]
    hashes = fetch_rows(env.database, "SELECT user_hash FROM feedback WHERE log_id = ?", [log_id])
    assert all(str(student["id"]) not in h for (h,) in hashes), "user ids are never stored"


async def test_vote_on_unknown_log_id_is_refused_politely(env: BotEnv) -> None:
    answer = await env.driver.command(
        "ask", {"question": "what is deterrence"}, user=env.user("ghost")
    )
    message = answer.message
    log_id = feedback_ids(answer.custom_ids)["1"]
    # Pretend the log row expired (the retention purge deleted it).
    missing = log_id + 10_000
    for row in message["components"]:
        for component in row["components"]:
            if component.get("custom_id") == f"fb:{log_id}:1":
                component["custom_id"] = f"fb:{missing}:1"
    reply = await env.driver.click(f"fb:{missing}:1", message, user=env.user("ghost"))
    assert reply.ephemeral
    assert reply.content.startswith("Sorry, I could not save your vote")


# -- storage failures and errors ------------------------------------------------------------------


async def closed_storage(tmp_path: Path) -> Storage:
    storage = await Storage.open(tmp_path / "closed.db")
    await storage.close()
    return storage


async def read_only_storage(tmp_path: Path) -> Storage:
    storage = await Storage.open(tmp_path / "read-only.db")
    await storage._db.execute("PRAGMA query_only = ON")  # type: ignore[union-attr]
    return storage


async def no_storage(_: Path) -> None:
    return None


@pytest.mark.parametrize("broken", [closed_storage, read_only_storage, no_storage])
async def test_answers_without_a_working_database(
    env: BotEnv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    broken,
    caplog: pytest.LogCaptureFixture,
) -> None:
    storage = await broken(tmp_path)
    monkeypatch.setattr(env.bot, "storage", storage)
    try:
        reply = await env.driver.command("ask", {"question": CS_VS_CD}, user=env.user("offline"))
    finally:
        if storage is not None:
            await storage.close()

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.embed["title"] == CS_VS_CD_TITLE
    assert not reply.ephemeral
    assert not feedback_ids(reply.custom_ids), "no feedback buttons without a log id"
    labels = {c.get("label") for c in reply.components}
    assert {"All facets", "Sources"} <= labels, "the card still opens the rest"
    assert "Traceback" not in caplog.text


async def test_vote_while_database_is_closed(
    env: BotEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = env.user("late-voter")
    answer = await env.driver.command("ask", {"question": "what is deterrence"}, user=user)
    log_id = feedback_ids(answer.custom_ids)["1"]
    monkeypatch.setattr(env.bot, "storage", await closed_storage(tmp_path))

    reply = await env.driver.click(f"fb:{log_id}:1", answer.message, user=user)
    assert reply.ephemeral
    assert reply.content.startswith("Sorry, I could not save your vote")


async def test_engine_error_reaches_the_user_politely(
    env: BotEnv, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(question: str):
        raise RuntimeError("boom: engine exploded")

    monkeypatch.setattr(env.bot.engine, "ask", explode)
    with caplog.at_level(logging.ERROR, logger="studybot"):
        reply = await env.driver.command(
            "ask", {"question": "what is deterrence"}, completes=False, user=env.user("unlucky")
        )

    assert reply.type == CallbackType.CHANNEL_MESSAGE
    assert reply.ephemeral
    assert reply.content.startswith("Sorry, something went wrong on my side.")
    assert "boom" not in reply.content and "Traceback" not in reply.content
    assert not reply.embeds
    [record] = [r for r in caplog.records if r.name == "studybot" and r.levelno == logging.ERROR]
    assert record.getMessage() == "error in /ask"
    assert record.exc_info is not None
    assert "RuntimeError: boom: engine exploded" in caplog.text

    monkeypatch.undo()
    after = await env.driver.command(
        "ask", {"question": "what is deterrence"}, user=env.user("lucky")
    )
    assert after.embed["title"] == "Deterrence", "the bot keeps answering"


# -- Discord's faults ------------------------------------------------------------------------------


def requests_for(env: BotEnv, payload: dict) -> list:
    """Every HTTP request the bot made for one interaction (callback and webhooks)."""
    return [
        r
        for r in env.fake.requests.entries
        if r.params.get("interaction_id") == payload["id"]
        or r.params.get("token") == payload["token"]
    ]


async def test_an_expired_interaction_costs_one_log_line(
    env: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    payload = env.fake.expire(
        env.fake.slash_command("ask", {"question": "what is nato"}, user=env.user("late"))
    )
    with caplog.at_level(logging.INFO):
        escaped = await env.driver.invoke_to_end(payload)
    assert escaped is None
    mine = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(mine) == 1 and "expired" in mine[0].getMessage()
    assert mine[0].exc_info is None, "no traceback"
    # One attempt to answer, no apology on the dead interaction.
    assert len(requests_for(env, payload)) == 1


async def test_an_expired_button_press_costs_one_log_line(
    env: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    user = env.user("late-reader")
    card = await env.driver.command("ask", {"question": "what is nato"}, user=user)
    payload = env.fake.expire(
        env.fake.component(
            card.component(label="More")["custom_id"], message=card.message, user=user
        )
    )
    with caplog.at_level(logging.INFO):
        await env.fake.inject_interaction(payload)
        await env.fake.wait_for_request(lambda r: r.params.get("interaction_id") == payload["id"])
        await asyncio.sleep(0.2)  # let the error handler run
    mine = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(mine) == 1 and "expired" in mine[0].getMessage() and mine[0].exc_info is None
    assert len(requests_for(env, payload)) == 1


# -- pictures ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "options"),
    [("rings", {}), ("ask", {"question": "what is promoting stability in cooperative security"})],
)
async def test_the_four_rings_picture_is_attached(env: BotEnv, command: str, options: dict) -> None:
    reply = await env.driver.command(command, options, user=env.user("looker"))
    assert not reply.ephemeral
    [attachment] = reply.data["attachments"]
    assert attachment["filename"] == FILENAME
    assert "rings of cooperative security" in attachment["description"]  # the alt text
    assert reply.embed["image"]["url"] == f"attachment://{FILENAME}"
    png = reply.callback.uploads[FILENAME]
    assert Image.open(io.BytesIO(png)).format == "PNG"


async def test_other_answers_carry_no_picture(env: BotEnv) -> None:
    reply = await env.driver.command("ask", {"question": "what is nato"}, user=env.user("plain"))
    assert not reply.data.get("attachments") and "image" not in reply.embed


async def test_a_removed_command_gets_a_plain_answer(
    env: BotEnv, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        reply = await env.driver.command("glossary", {}, completes=False, user=env.user("old"))
    assert reply.ephemeral and "`/glossary` is no longer available" in reply.content
    assert not [r for r in caplog.records if r.exc_info], "no traceback"


async def test_bidirectional_controls_are_not_echoed(env: BotEnv) -> None:
    question = "what is nato \u202egnp.exe\u202c and \u2067r2p\u2069"
    reply = await env.driver.command("ask", {"question": question}, user=env.user("rtl"))
    assert reply.content.startswith("> what is nato")
    assert not set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") & set(reply.content)
