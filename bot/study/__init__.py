"""Study mode's engine: quiz items from the knowledge base, hand-written items, flashcards.

Nothing here imports discord: the terminal (``studybot quiz``) and the bot draw the same
items. ``bank.items(kb, seed)`` builds every item; ``bank.session`` picks a quiz.
"""
