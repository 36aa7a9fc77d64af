"""The wizard: asks a card's questions, keeps a draft of every answer, reviews and saves.

* :mod:`.engine` walks the questions declared on a model over a :class:`.engine.Prompter`;
* :mod:`.prompter` is the only module that talks to the terminal (questionary);
* :mod:`.drafts` keeps unsaved answers under ``.cds/drafts``;
* :mod:`.answers` fills a card without a terminal (``--answers FILE``, ``--no-input``);
* :mod:`.session` runs one card from the saved file to the saved file.
"""
