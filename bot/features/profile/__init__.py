"""The member's profile: view it, change any part of it, notifications and quiet hours."""
