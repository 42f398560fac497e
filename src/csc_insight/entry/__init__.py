"""A documented entry workbook: the sheets an officer fills by hand (budget lines, MTFS
proposals, projects, milestones ...), declared once as columns (columns.py), written by csc with
a Read me sheet and drop-down lists (write.py), and read back into rows with every problem named
by file, sheet, row, column and reason (read.py). The money and delivery templates are two such
workbooks; a cost or education template would be a third."""
