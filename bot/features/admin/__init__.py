"""Administration: granting and revoking roles, the list of staff."""
