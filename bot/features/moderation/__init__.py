"""One moderation queue for every kind of listing: review, decide with a reason, appeal once."""
