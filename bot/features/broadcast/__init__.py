"""Broadcasts: organisers' announcements to chosen members, delivered by the worker."""
