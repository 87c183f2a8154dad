"""Discord's limits, our own budgets and the colours: every Discord number in one place.

Limits from the Discord API (v10) documentation: embeds, components and custom ids.
"""

from __future__ import annotations

# -- embeds ------------------------------------------------------------------------------
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELD_COUNT_LIMIT = 25
EMBED_TOTAL_LIMIT = 6000
FOOTER_RESERVE = 120  # room kept for "page i/n · ..." in every embed
# -- components --------------------------------------------------------------------------
CUSTOM_ID_LIMIT = 100
BUTTON_LABEL_LIMIT = 80
SELECT_OPTIONS_LIMIT = 25
SELECT_LABEL_LIMIT = 100
# -- our budgets -------------------------------------------------------------------------
# A public answer card fits one phone screen (390 px wide, about 1,000 characters of embed
# text with the buttons below it); the rest opens on demand, for the presser only.
CARD_LIMIT = 1000
CARD_SUMMARY_CHARS = 420  # the summary, cut at a sentence, keeps most of the card
CARD_KEY_POINTS = 3
CARD_KEY_POINT_CHARS = 150
CARD_FACETS = 3  # a comparison card: the core difference and its first facets
CARD_FACET_SIDE_CHARS = 120
CARD_CITATIONS = 3  # citation marks on a card; "Sources" lists them all
CARD_CASES_CHARS = 160
CARD_REFERENCE_CHARS = 400  # a source's card: its full reference
# Discord drops an interaction not answered within 3 s; a slow log write must not use it.
REPLY_DEADLINE = 3.0
# The longest a reply waits for the database, so that it still answers within the deadline.
STORAGE_TIMEOUT = 1.5

COLOURS = {
    "concept": 0x3B82F6,
    "organization": 0x10B981,
    "document": 0xF59E0B,
    "case": 0xEF4444,
    "source": 0x8B5CF6,
    "comparison": 0x6366F1,
    "none": 0x6B7280,
    "moderation": 0x64748B,
}
