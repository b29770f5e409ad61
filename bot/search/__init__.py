"""Knowledge-base search: Russian and English morphology, transliteration, typo tolerance,
synonyms and country detection over FAQ entries.

A plain library (no aiogram, no database): the bot, the CLI and the worker build a
:class:`FaqSearchIndex` from :class:`FaqDocument` values and call :meth:`FaqSearchIndex.search`.

>>> index = FaqSearchIndex.build(load_documents_from_yaml(starter_faq_paths()))  # doctest: +SKIP
>>> index.search("kak otkryt schet v gruzii")[0].slug  # doctest: +SKIP
'ge/bank-account'
"""

from bot.search.countries import detect_country
from bot.search.documents import GLOBAL_COUNTRY, FaqDocument, FaqText, SearchHit
from bot.search.index import MIN_RESULT_SCORE, MIN_SCORE, FaqSearchIndex
from bot.search.loader import load_documents_from_yaml, starter_faq_paths
from bot.search.signature import SIMILAR, question_signature, signature_similarity

__all__ = [
    "GLOBAL_COUNTRY",
    "MIN_RESULT_SCORE",
    "MIN_SCORE",
    "SIMILAR",
    "FaqDocument",
    "FaqSearchIndex",
    "FaqText",
    "SearchHit",
    "detect_country",
    "load_documents_from_yaml",
    "question_signature",
    "signature_similarity",
    "starter_faq_paths",
]
