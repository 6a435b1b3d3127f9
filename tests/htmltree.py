"""The HTML tree the tests read built pages with: the package's own (`synthsite.sitecheck.htmltree`), which
`synthsite check-site` uses too, so the tests and the check a new project runs read HTML the same way."""

from synthsite.sitecheck.htmltree import Node, parse, parse_file, table_cells

__all__ = ["Node", "parse", "parse_file", "table_cells"]
