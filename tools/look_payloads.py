"""Write the callback bodies studybot sends for a few typical answers, to look at them with
``../shared/tools/discord_look.py`` (desktop and phone) before calling a Discord change done.

    python tools/look_payloads.py --out looks && python ../shared/tools/discord_look.py \
        looks/*.json --out looks --phone
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

import discord

from bot.answer.compose import comparison_answer
from bot.discord_ui import daily, group_round, me
from bot.discord_ui.card import render_card
from bot.discord_ui.cards import back_embed, back_view
from bot.discord_ui.embeds import render_embeds
from bot.discord_ui.group_round import GroupRound
from bot.discord_ui.quiz import Round, asked, feedback_embed
from bot.discord_ui.views import answer_view, card_view, suggestions_view
from bot.engine import Engine

EPHEMERAL = 64
QUESTIONS = {
    "ask-r2p": "what is r2p",
    "ask-cs-vs-cd": "what is the difference between collective security and collective defense?",
    "ask-case": "why did the league fail over abyssinia",
}


def body(embed: discord.Embed, view: discord.ui.View | None, content: str = "", flags=0):
    """An interaction callback body (type 4) as discord.py sends it."""
    data = {"content": content, "embeds": [embed.to_dict()], "flags": flags}
    if view is not None:
        data["components"] = view.to_components()
    return {"type": 4, "data": data}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("looks"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    engine = Engine.load(Path(__file__).resolve().parent.parent / "knowledge")
    looks = {}
    for name, question in QUESTIONS.items():
        answer = engine.ask(question)
        looks[name] = body(render_card(answer), card_view(answer, log_id=1), f"> {question}")
    answer = engine.ask(QUESTIONS["ask-cs-vs-cd"])
    pages = render_embeds(answer)
    looks["all-facets-page-1"] = body(
        pages[0], answer_view(answer, len(pages), 0, None), flags=EPHEMERAL
    )
    built = comparison_answer(engine.kb, "deterrence", "human-security")
    looks["compare-built"] = body(render_card(built), card_view(built, log_id=2))
    declined = engine.ask("security")
    view = suggestions_view(declined.suggestions)
    looks["declined"] = body(
        render_embeds(declined, with_suggestions=view is None)[0], view, flags=EPHEMERAL
    )
    round_ = Round(engine.kb.version[:6], seed=7, n=5, topic="collective-security")
    items = round_.items(engine.kb) or []
    embed, view = asked(engine.kb, round_, items)
    looks["quiz-question"] = body(embed, view, flags=EPHEMERAL)
    item = items[0]
    wrong = (item.answer + 1) % len(item.options)
    feedback = feedback_embed(item, wrong, round_, len(items), "Collective security")
    looks["quiz-feedback"] = body(feedback, None, flags=EPHEMERAL)
    looks["card-back"] = body(
        back_embed(engine.kb, "collective-security"),
        back_view("collective-security"),
        flags=EPHEMERAL,
    )
    day_item = items[1]
    looks["daily-question"] = body(
        daily.question_embed(day_item, "2026-12-02", datetime(2026, 12, 2, 10, tzinfo=UTC)),
        daily.question_view("2026-12-02", day_item),
    )
    board = [(None, 4, 6), (1577551318325657603, 3, 3)]
    looks["daily-revealed"] = body(
        daily.revealed_embed(day_item, "2026-12-02", (7, 5), board), None
    )
    group = GroupRound.new(1, 2, 3, items, 30)
    looks["round-question"] = body(
        group_round.question_embed(group), group_round.question_view(group)
    )
    group.picks, group.names = {4: item.answer, 5: wrong}, {4: "Ada", 5: "Bea"}
    group.scores.update({4: 4, 5: 2})
    looks["round-leaderboard"] = body(group_round.leaderboard_embed(group, {4}), None)
    progress = [("collective-security", 1, 3), ("nato", 2, 2), ("rwanda-1994", 0, 1)]
    stats = me.Stats(progress, deck=4, due=2, reviews=9, streak=None)
    looks["me-stats"] = body(me.stats_embed(engine.kb, stats), None, flags=EPHEMERAL)
    for name, payload in looks.items():
        (args.out / f"{name}.json").write_text(json.dumps(payload, indent=1), encoding="utf-8")
        print(args.out / f"{name}.json")


if __name__ == "__main__":
    main()
