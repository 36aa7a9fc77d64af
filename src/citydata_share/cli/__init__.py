"""The command line: thin commands that call the core and print its results.

Only modules in this package import typer and rich; the wizard's prompter alone imports
questionary. Heavy modules (pydantic models, jinja2, questionary) are imported inside the
commands that need them, so `cds --help` stays fast.
"""
