"""Background work that must survive a crash: deliveries, reminders, expiry, re-checks.

The durable state is rows in the database; a job claims rows, acts, records the outcome.
"""
