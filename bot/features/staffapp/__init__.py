"""The staff app: a Telegram Mini App for moderators, organisers and admins (issue 18)."""
