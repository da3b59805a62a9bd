"""Reading spreadsheets safely before anything is imported.

A file is refused, with a message a coordinator can act on, when it is too big (checked
before it is read), not UTF-8 text (CSV), not a real XLSX file or a "zip bomb" (the zip's
declared sizes are checked before openpyxl opens it; Python's zipfile enforces them while
reading), has too many rows, has formulas in cells, or has unexpected or missing columns.

Cells that our exports neutralised (a leading apostrophe before = + - @, see
`accmr.lib.spreadsheet.safe_cell`) are turned back into their text, so an exported file imports
unchanged.
"""

import csv
import io
import zipfile

import tablib
from django.conf import settings
from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

from accmr.lib.spreadsheet import restore_cell

MAX_COLUMNS = 80
MAX_CELL_CHARS = 10_000
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
MAX_ZIP_MEMBERS = 500


class ImportFileError(ValueError):
    """A file we refuse; the message is translated and meant for the coordinator."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def check_size(size: int) -> None:
    if size > max_bytes():
        raise ImportFileError(
            _(
                "The file is too big ({size} MB). Files of up to {limit} MB can be imported; "
                "split it into several files."
            ).format(size=round(size / 1024 / 1024, 1), limit=max_bytes() // (1024 * 1024))
        )


def _csv_rows(data: bytes) -> list[list]:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _("This is an Excel (XLSX) file, not a CSV file. Choose the format “xlsx”.")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "The file is not in UTF-8 encoding (the problem starts at byte {position}). "
                "In Excel choose “Save as” › “CSV UTF-8 (comma delimited)”; in LibreOffice tick "
                "“Edit filter settings” and choose the character set “Unicode (UTF-8)”."
            ).format(position=exc.start)
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("The file contains binary data; it is not a CSV file."))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise ImportFileError(
            _("The CSV file could not be read: {problem}.").format(problem=exc)
        ) from exc


def _check_zip(data: bytes) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _("This is not an Excel (XLSX) file. Choose the format that matches the file.")
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise ImportFileError(_("The XLSX file is damaged and cannot be opened.")) from exc
    total = sum(member.file_size for member in members)
    ratios = (member.file_size / max(member.compress_size, 1) for member in members)
    if (
        len(members) > MAX_ZIP_MEMBERS
        or total > MAX_UNCOMPRESSED_BYTES
        or any(ratio > MAX_COMPRESSION_RATIO for ratio in ratios if total > 1024 * 1024)
    ):
        raise ImportFileError(
            _(
                "The XLSX file would take far more room once opened than a spreadsheet of "
                "its size should, so it was not opened. Save the sheet again as a new file."
            )
        )


def _xlsx_rows(data: bytes) -> list[list]:
    _check_zip(data)
    import openpyxl

    try:
        # data_only=False: a formula comes back as its text ("=SUM(…)"), so it is refused.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds of errors on a bad file
        raise ImportFileError(_("The XLSX file is damaged and cannot be opened.")) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            rows.append(list(row))
            if len(rows) > settings.IMPORT_MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _cell_name(row_index: int, column_index: int) -> str:
    letters = ""
    column = column_index + 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return f"{letters}{row_index + 1}"


def parse(data: bytes, fmt: str) -> tablib.Dataset:
    """Turn a CSV or XLSX file into a Dataset, or raise ImportFileError."""
    check_size(len(data))
    rows = _csv_rows(data) if fmt == "csv" else _xlsx_rows(data)
    # Blank rows (often left at the end of a sheet) are not data.
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ImportFileError(_("The file is empty."))
    header = [("" if cell is None else str(cell)).strip() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise ImportFileError(
            _("The file has {count} columns; at most {limit} are expected.").format(
                count=len(header), limit=MAX_COLUMNS
            )
        )
    body = rows[1:]
    if len(body) > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            _("The file has more than {limit} rows; split it into several files.").format(
                limit=settings.IMPORT_MAX_ROWS
            )
        )
    formulas = []
    dataset = tablib.Dataset(headers=header)
    for row_index, row in enumerate(body, start=1):
        if any(cell not in (None, "") for cell in row[len(header) :]):
            raise ImportFileError(
                _("Line {line} has more cells than there are column headings.").format(
                    line=row_index + 1
                )
            )
        cells = (list(row) + [None] * len(header))[: len(header)]
        for column_index, cell in enumerate(cells):
            if isinstance(cell, str):
                if cell.startswith("="):
                    formulas.append(_cell_name(row_index, column_index))
                if len(cell) > MAX_CELL_CHARS:
                    raise ImportFileError(
                        _("Cell {cell} is longer than {limit} characters.").format(
                            cell=_cell_name(row_index, column_index), limit=MAX_CELL_CHARS
                        )
                    )
        dataset.append([restore_cell(cell) for cell in cells])
    if formulas:
        shown = ", ".join(formulas[:10]) + (" …" if len(formulas) > 10 else "")
        raise ImportFileError(
            _(
                "Cells with formulas cannot be imported ({cells}). Replace each formula with "
                "its value (copy, then “Paste special” › “Values only”), or, for text that "
                "really starts with “=”, put an apostrophe (') before it."
            ).format(cells=shown)
        )
    return dataset


def check_columns(dataset: tablib.Dataset, resource) -> None:
    """Refuse unknown, repeated or missing required columns, naming them."""
    known = [field.column_name for field in resource.get_import_fields()]
    headers = list(dataset.headers or [])
    unknown = [h for h in headers if h not in known]
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    missing = [c for c in resource.required_columns if c not in headers]
    problems = []
    if unknown:
        problems.append(_("Unknown columns: {columns}.").format(columns=", ".join(unknown) or "“”"))
    if repeated:
        problems.append(_("Repeated columns: {columns}.").format(columns=", ".join(repeated)))
    if missing:
        problems.append(_("Missing columns: {columns}.").format(columns=", ".join(missing)))
    if problems:
        problems.append(
            _("The columns we know are: {columns}. Export the list to get a template.").format(
                columns=", ".join(known)
            )
        )
        raise ImportFileError(" ".join(problems))


class SafeCSV(CSV):
    """CSV read as bytes, so the encoding is checked by `parse` and not guessed."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        return parse(in_stream, "csv")


class SafeXLSX(XLSX):
    def create_dataset(self, in_stream):
        return parse(in_stream, "xlsx")
