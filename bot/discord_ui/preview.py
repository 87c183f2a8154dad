"""`studybot ask --discord`: what students get on Discord, as text in a terminal.

Built from the very embeds and views the bot sends (render_card, render_embeds, card_view),
so a moderator sees the card, its buttons, and every page each button opens.
"""

from __future__ import annotations

from typing import Any

import discord

from bot.answer.model import Answer
from bot.discord_ui.card import render_card
from bot.discord_ui.embeds import render_embeds
from bot.discord_ui.respond import LISTS, echo_of, opened, picture_for, practised
from bot.discord_ui.views import answer_view, card_view, compare_view, suggestions_view
from bot.knowledge.base import KnowledgeBase

# A stand-in question-log row: the real bot shows the vote buttons only for a logged answer.
PREVIEW_LOG_ID = 1
# What each card button is called in the preview's headings (its label on Discord).
OPENS = {"m": "More", "f": "All facets", "c": "Cases", "s": "Sources"}
RULE = "─" * 60


def preview(kb: KnowledgeBase, answer: Answer) -> str:
    """Every message the student can see for ``answer``: the card and what each button opens."""
    echo = echo_of(answer) or ""
    if not answer.answered:
        view = suggestions_view(answer.suggestions)
        page = render_embeds(answer, with_suggestions=view is None)[0]
        return _message("Reply (only the student sees it)", echo, page, view)
    if answer.origin in LISTS:
        pages = render_embeds(answer)
        view = answer_view(answer, len(pages), 0, PREVIEW_LOG_ID)
        return "\n".join(
            _message(f"Reply, page {n} of {len(pages)} (everyone sees it)", echo, p, view)
            for n, p in enumerate(pages, start=1)
        )
    card = render_card(answer)
    picture = picture_for(kb, answer)
    view = card_view(answer, PREVIEW_LOG_ID, quiz=practised(kb, answer))
    parts = [_message("Card (everyone in the channel sees it)", echo, card, view, picture)]
    for action in _actions(view):
        if action == "w":
            parts.append(_picker(answer))
            continue
        shown = opened(kb, answer, action)
        pages = render_embeds(shown)
        for number, page in enumerate(pages, start=1):
            heading = f'"{OPENS[action]}", page {number} of {len(pages)} (only the presser sees it)'
            parts.append(
                _message(heading, "", page, answer_view(shown, len(pages), number - 1, None))
            )
    return "\n".join(parts)


def _actions(view: discord.ui.View | None) -> list[str]:
    """The card buttons' actions ("m", "c", "w", "s"...) from their custom ids."""
    actions = []
    for item in view.children if view else []:
        custom_id = getattr(getattr(item, "item", item), "custom_id", "") or ""
        if custom_id.startswith("x:"):
            actions.append(custom_id.split(":")[1])
    return actions


def _picker(answer: Answer) -> str:
    """The "Compare with…" select, listed."""
    view = compare_view(answer)
    # A DynamicItem wraps the select it stands for.
    selects = [getattr(item, "item", item) for item in (view.children if view else [])]
    options = [option.label for select in selects for option in select.options]
    lines = [RULE, '"Compare with…" (only the presser sees it)', RULE, "A menu of:"]
    lines += [f"  • {label}" for label in options]
    return "\n".join(lines)


def _message(
    heading: str,
    content: str,
    embed: discord.Embed,
    view: discord.ui.View | None,
    picture: Any = None,
) -> str:
    """One message: its text, its embed's parts in Discord's order, its buttons."""
    data = embed.to_dict()
    lines = [RULE, heading, RULE]
    if content:
        lines.append(content)
    if data.get("title"):
        lines.append(f"▌ {data['title']}")
    if data.get("description"):
        lines.append(data["description"])
    for field in data.get("fields", []):
        name = field["name"].strip("\u200b") or ""
        if name:
            lines.append(f"**{name}**")
        lines.append(field["value"])
    if picture is not None:
        lines.append(f"[picture {picture.filename}: {picture.alt_text}]")
    if data.get("footer", {}).get("text"):
        lines.append(f"— {data['footer']['text']}")
    buttons = _buttons(view)
    if buttons:
        lines.append("Buttons: " + "  ".join(buttons))
    return "\n".join(lines)


def _buttons(view: discord.ui.View | None) -> list[str]:
    """Button labels as a student sees them: [Label], greyed out ones in parentheses."""
    shown = []
    for item in view.children if view else []:
        item = getattr(item, "item", item)  # a DynamicItem wraps the button it stands for
        label = getattr(item, "label", None) or getattr(item, "placeholder", None) or ""
        emoji = getattr(item, "emoji", None)
        text = f"{emoji} {label}".strip() if emoji else label
        shown.append(f"({text})" if getattr(item, "disabled", False) else f"[{text}]")
    return shown
