"""A small knowledge base of our own for the search tests (independent of bot/content)."""

from __future__ import annotations

import pytest

from bot.search import FaqDocument, FaqSearchIndex, FaqText


def _doc(
    slug: str, country: str, topic: str, ru: FaqText | None, en: FaqText | None
) -> FaqDocument:
    texts = {}
    if ru is not None:
        texts["ru"] = ru
    if en is not None:
        texts["en"] = en
    return FaqDocument(slug=slug, country=country, topic=topic, texts=texts)


DOCUMENTS: tuple[FaqDocument, ...] = (
    _doc(
        "ge/bank-account",
        "GE",
        "bank-account",
        FaqText(
            "Как открыть банковский счёт в Грузии?",
            "Счёт в грузинском банке открывают по загранпаспорту в отделении. Банки могут "
            "попросить подтверждение адреса и источника дохода.",
            ("счёт", "банк", "карта", "открыть счёт"),
        ),
        FaqText(
            "How do I open a bank account in Georgia?",
            "Georgian banks open accounts for foreigners with a passport at a branch.",
            ("account", "bank", "card"),
        ),
    ),
    _doc(
        "ge/residence-permit",
        "GE",
        "residence-permit",
        FaqText(
            "Как получить ВНЖ в Грузии?",
            "Временный вид на жительство дают по работе, бизнесу, учёбе или недвижимости.",
            ("ВНЖ", "вид на жительство"),
        ),
        FaqText(
            "How do I get a residence permit in Georgia?",
            "Temporary residence is granted for work, business, study or property.",
            ("residence permit", "TRP"),
        ),
    ),
    _doc(
        "ge/driving-licence",
        "GE",
        "driving-licence",
        FaqText(
            "Можно ли ездить в Грузии по российским правам?",
            "Иностранные водительские права действуют, пока вы живёте в стране как турист.",
            ("права", "водительское удостоверение"),
        ),
        FaqText(
            "Can I drive in Georgia with a Russian licence?",
            "Foreign driving licences are valid while you stay as a visitor.",
            ("driving licence",),
        ),
    ),
    _doc(
        "ge/entrepreneur",
        "GE",
        "entrepreneur",
        FaqText(
            "Как зарегистрировать ИП в Грузии и получить статус малого бизнеса?",
            "Индивидуального предпринимателя регистрируют в Доме юстиции; малый бизнес платит "
            "1% с оборота.",
            ("ИП", "малый бизнес", "налог 1%"),
        ),
        FaqText(
            "How do I register as an individual entrepreneur in Georgia?",
            "Register at the Public Service Hall; small business status means 1% turnover tax.",
            ("individual entrepreneur", "small business"),
        ),
    ),
    _doc(
        "rs/residence-permit",
        "RS",
        "residence-permit",
        FaqText(
            "Как получить ВНЖ в Сербии?",
            "Временный вид на жительство в Сербии оформляют по работе, бизнесу или недвижимости.",
            ("ВНЖ", "боравак"),
        ),
        FaqText(
            "How do I get a residence permit in Serbia?",
            "Temporary residence in Serbia is granted for work, business or property.",
            ("residence permit", "boravak"),
        ),
    ),
    _doc(
        "rs/bank-account",
        "RS",
        "bank-account",
        FaqText(
            "Как открыть счёт в сербском банке?",
            "Сербские банки просят белый картон и загранпаспорт.",
            ("счёт", "банк"),
        ),
        FaqText(
            "How do I open a bank account in Serbia?",
            "Serbian banks ask for the white card and a passport.",
            ("account", "bank"),
        ),
    ),
    _doc(
        "am/tax-residency",
        "AM",
        "tax-residency",
        FaqText(
            "Когда я становлюсь налоговым резидентом Армении?",
            "Налоговым резидентом становятся после 183 дней в году.",
            ("налоговый резидент", "183 дня"),
        ),
        FaqText(
            "When do I become a tax resident of Armenia?",
            "You become resident after 183 days in a calendar year.",
            ("tax resident", "183 days"),
        ),
    ),
    _doc(
        "am/bank-account",
        "AM",
        "bank-account",
        FaqText(
            "Как открыть счёт в армянском банке?",
            "Армянские банки открывают счета нерезидентам по паспорту и номеру соцкарты.",
            ("счёт", "банк"),
        ),
        FaqText(
            "How do I open a bank account in Armenia?",
            "Armenian banks open accounts for non-residents.",
            ("account", "bank"),
        ),
    ),
    # English only: a Russian question must still find it through the synonym table.
    _doc(
        "tr/residence-permit",
        "TR",
        "residence-permit",
        None,
        FaqText(
            "How do I get a short-term residence permit in Turkey?",
            "Apply online, then attend a biometric appointment at the migration office.",
            ("residence permit", "ikamet"),
        ),
    ),
    _doc(
        "global/passport-renewal",
        "*",
        "passport-renewal",
        FaqText(
            "Как получить новый загранпаспорт за границей?",
            "Загранпаспорт на 10 лет оформляют в консульстве России.",
            ("загранпаспорт", "консульство"),
        ),
        FaqText(
            "How do I renew my Russian passport abroad?",
            "Ten-year passports are issued at Russian consulates.",
            ("passport", "consulate"),
        ),
    ),
    _doc(
        "global/military-registration",
        "*",
        "military-registration",
        FaqText(
            "Нужно ли сниматься с воинского учёта при отъезде?",
            "Уезжающие больше чем на полгода должны сняться с учёта в военкомате.",
            ("военкомат", "воинский учёт", "повестка"),
        ),
        FaqText(
            "Do I need to deregister from military registration when I leave?",
            "People leaving for more than six months must deregister.",
            ("military registration", "summons"),
        ),
    ),
)


@pytest.fixture(scope="session")
def index() -> FaqSearchIndex:
    return FaqSearchIndex.build(DOCUMENTS)


@pytest.fixture(scope="session")
def documents() -> tuple[FaqDocument, ...]:
    return DOCUMENTS
