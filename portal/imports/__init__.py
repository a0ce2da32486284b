"""Spreadsheet imports shared by every register: see `portal.imports.engine`."""
