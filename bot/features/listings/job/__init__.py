"""Job offers: the job kind of listing (its fields, texts, browsing filters and wizard)."""
