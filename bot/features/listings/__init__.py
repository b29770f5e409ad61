"""What job offers and mutual-aid listings share: their life cycle (review, publication,
renewal, expiry, closing), reports, notices to members and the buttons on every card."""
