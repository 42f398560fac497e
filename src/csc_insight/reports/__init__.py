"""Views for the committee: commentary, the pack (HTML, PDF) and the Excel workbook."""
