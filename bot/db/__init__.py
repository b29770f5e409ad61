"""Persistence: engine and sessions, declarative models, unit of work, migrations."""
