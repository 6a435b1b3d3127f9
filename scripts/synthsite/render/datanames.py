"""The names of the whole-corpus data files under data/, defined once: the downloads (`downloads.DATA_FILES`), the
Data Package's foreign keys (`datapackage`) and the pages that link them use these."""

from __future__ import annotations

STUDIES_JSON = "studies.json"
STUDIES_CSV = "studies.csv"
THEMES_CSV = "themes.csv"
CROSSWALK_CSV = "crosswalk.csv"
BIBTEX_FILE = "references.bib"
RIS_FILE = "references.ris"
DATAPACKAGE_FILE = "datapackage.json"
