"""Delivery: the projects that deliver the MTFS savings, their milestones, risks and guardrail
indicators, and the improvement plan's workstreams and actions.

Records people enter (a project manager's milestones, an analyst's guardrails), never case
records: model.py declares them, rag.py rates each project's delivery (and scores it for the
fortnightly return), guardrails.py reads the indicators' results to say whether each saving's
guardrails hold, columns.py, template.py and template_read.py write and read the workbook they
are entered in, demo.py gives the seed papers' projects and plan, export.py writes the return to
the programme office and render.py prints the tables for the terminal.
"""
