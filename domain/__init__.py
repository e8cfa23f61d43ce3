"""Write side of Shuangsui: aggregates, rules and the application service.

Pure: imports only the standard library, eventsourcing and marshmallow.
"""
