"""Stands in for discord.py when the engine's tests run without it:

    PYTHONPATH=tests/engine/without_discord pytest tests/engine

Any import of discord, in the tests or in a command they start, fails loudly.
"""

raise ImportError("discord.py is blocked here: the engine must work without it")
