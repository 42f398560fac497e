"""Demand and cost forecasting: children looked after (local and UASC), their costs, targets,
front-door demand and caseloads, with scenarios and back-tests.

Inputs are read from the store once (history.py, demand.py); every model is a function from
arrays and dataclasses to a result dataclass, so the command line, the pack and the web page
can all call the same functions.
"""
