"""discord.py cogs, one per feature; each is thin and calls the engine and renderer."""
