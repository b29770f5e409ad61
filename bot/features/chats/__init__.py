"""The bot inside community groups: door check, welcome, anti-spam, reports, shared bans."""
