"""Import and export of the directory as spreadsheets (CSV, XLSX), through django-import-export.

files: a whole file's checks before any row is read (size, encoding, zip bombs, formulas,
columns). columns: how one cell is read and written, and the preview's per-column diff.
resources: one resource per model (organisations, services, locations) on a shared base.
The admin's side (upload form, preview, all-or-nothing import) is members.admin.import_export.
"""
