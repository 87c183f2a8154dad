"""Language primitives shared by the knowledge checks and the matcher.

Neither side imports the other: both fold text, split it into tokens and stem them here,
so that an alias checked by ``studybot check`` and a question typed on Discord meet on the
same tokens.
"""
