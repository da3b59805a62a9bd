"""Spreadsheet-safe cells for every file we write (CSV, XLSX): a cell that starts like a
formula (= + - @, a tab or a carriage return) gets a leading apostrophe, so a spreadsheet
shows the text instead of running it (CSV injection). Imports take the apostrophe off again
(`restore_cell`), so an exported file imports back unchanged.
"""

from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a harmless cell: numbers stay numbers, None is empty, booleans are
    true/false, text that could start a formula is prefixed with an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore_cell(value):
    """The text of a cell that `safe_cell` prefixed; any other value as it is."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
