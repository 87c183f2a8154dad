"""The engine's tests: knowledge, matching, answers, storage, study mode and the CLI.

They run without discord.py installed (CI runs them once with discord blocked): nothing
here, nor anything they import, may import discord, fake_discord or bot_helpers.
"""
