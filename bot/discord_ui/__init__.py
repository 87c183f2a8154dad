"""Discord presentation: embeds from Answers and the interactive views (buttons, menus)."""
