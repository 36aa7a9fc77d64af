"""cds: the City Data Sharing wizard.

Turns the City Data Sharing Toolkit (Future Cities Catapult, v1.1, CC BY-NC) into a
command-line tool: a project folder of plain YAML, a wizard per toolkit card, checks and
documents.
"""

__version__ = "0.1.0"
