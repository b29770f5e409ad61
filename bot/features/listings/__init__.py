"""Listings: job offers, mutual-aid offers and requests, and the conversations about them.

- the base (this folder): what every kind shares — life cycle (review, publication, renewal,
  expiry, closing), reports, notices, the card's buttons (``keyboards``, ``router``), the
  posting wizard engine (``wizard``) and a kind's wizard on it (``posting``), browsing with
  filters and pages and "my listings" (``board``), a kind's section (home screen, presses,
  router: ``section``), its card (``views``) and its moderation (``review``);
- the kinds, holding only what differs (fields, texts, validation, filters): ``job`` (the job
  board, with subscriptions) and ``aid`` (requests and offers); each plugs in through
  ``extensions.KINDS``;
- ``conversation``: contact through the bot (relay) until both sides agree to reveal.

One feature, one descriptor (``feature.py``).
"""
