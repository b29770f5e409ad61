"""The legal and banking knowledge base: members ask in their own words (chat, /ask, inline)
and read sourced, dated answers; moderators verify, edit and fill the gaps (/faq_admin)."""
