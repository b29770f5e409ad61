"""Cross-cutting middlewares only: throttling, DB session, member loader, ban gate."""
