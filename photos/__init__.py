"""The image library below the newsroom: intake, files, renditions.

Nothing here knows about stories, credits or people; ``articles`` builds its
``Photo`` on ``AbstractImage`` and calls these functions. Imports go one way.
"""
