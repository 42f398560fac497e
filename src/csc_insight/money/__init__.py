"""Money: budget monitoring by quarter and the Medium Term Financial Strategy (MTFS).

Records people enter (a finance officer's budget lines, the MTFS proposals and the projects'
own savings profiles), never case records: model.py declares them (and the sign convention),
budget.py and mtfs.py compute every variance, movement and total from them, checks.py reports
where a printed figure or a second source disagrees, template.py writes and reads the workbook
they are entered in, demo.py gives the seed's figures and render.py prints the seed's tables.
"""
