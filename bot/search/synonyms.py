"""Curated synonyms, abbreviations and translations for the emigrant knowledge base.

Each :data:`CONCEPTS` entry names one idea and lists the ways people write it, in Russian and
English, formal and colloquial, abbreviated and spelled out (``ВНЖ`` = ``вид на жительство`` =
``residence permit`` = ``TRP`` = ``икамет``). Terms are written as ordinary text; they go
through the same normalisation and stemming as questions and entries, so one form of a word
stands for all its inflections. A multi-word term matches as a phrase (stop words skipped), a
longer phrase wins over a shorter one that starts at the same word.

The index adds a concept token for every concept found in an entry and in a query, so a
Russian question meets an entry whose only matching words are English, and ``ИП`` meets
``individual entrepreneur``.

A term written in capitals and prefixed with ``^`` matches only when the question writes it in
capitals (``^IT`` is the industry; ``it`` is a pronoun).

:data:`TOPIC_TERMS` describes each FAQ topic slug of the contract in plain words; the index
puts them in a low-weight field of every entry of that topic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from bot.search.morphology import is_stopword, stem_word
from bot.search.text import tokenize

__all__ = [
    "CONCEPTS",
    "CONCEPT_PREFIX",
    "COUNTRY_TERMS",
    "TOPIC_TERMS",
    "ConceptMatch",
    "ConceptMatcher",
    "concept_matcher",
    "content_words",
    "country_term_matcher",
]

#: Concept tokens start with this character, which normalised words never contain.
CONCEPT_PREFIX: Final = "~"

# fmt: off
CONCEPTS: Final[dict[str, tuple[str, ...]]] = {
    # --- legal status -----------------------------------------------------------------
    "residence_permit": (
        "ВНЖ", "вид на жительство", "временный вид на жительство", "временное проживание",
        "разрешение на временное проживание", "РВП", "ВМЖ", "резидентская карта",
        "карта резидента", "карточка резидента", "ID карта резидента", "икамет", "ikamet",
        "боравак", "boravak", "privremeni boravak", "residence permit", "residency permit",
        "residence card", "resident card", "temporary residence", "temporary residence permit",
        "TRP", "residence visa", "вид на проживание", "внжшка", "внжэ", "внжка",
        "Aufenthaltstitel", "Aufenthaltserlaubnis", "ауфентхальтститель", "резидентская виза",
        "resident visa", "блю карт", "блю кард", "голубая карта", "Blue Card", "EU Blue Card",
        "воссоединение семьи", "family reunification", "family reunion", "семейный ВНЖ",
        "spouse visa", "spouse permit", "ПМЖ", "permanent residence", "permanent residency",
    ),
    "permanent_residence": (
        "ПМЖ", "пмжшка", "постоянное проживание", "постоянный вид на жительство",
        "постоянная карта",
        "permanent residence", "permanent residency", "permanent resident", "permanent card",
        "стальной",
    ),
    "work_permit": (
        "разрешение на работу", "рабочее разрешение", "право на работу", "рабочая виза",
        "трудовой договор", "work permit", "right to work", "work visa", "employment permit",
        "permission to work", "работать легально", "work legally", "трудоустройство",
        "employment",
    ),
    "visa_free": (
        "безвиз", "безвизовый", "безвизовый режим", "без визы", "без виз", "visa free",
        "visa-free", "visa exempt", "visa exemption", "without a visa", "no visa",
        "срок пребывания", "сколько можно находиться", "сколько можно жить",
        "сколько можно оставаться", "сколько дней", "how long can i stay", "stay limit",
        "визаран", "виза ран", "бордер ран", "бордерран", "visa run", "visarun", "border run",
        "выезд и въезд", "90 из 180", "90 days in 180", "how long can russians stay",
        "как долго можно находиться", "как долго можно жить", "сколько можно пробыть",
        "сколько можно побыть", "сколько можно сидеть", "сколько можно оставаться",
        "сколько дней можно", "сколько дней можно находиться", "сколько времени можно",
        "how many days can i stay", "how long may i stay", "maximum stay",
        "how many days",
    ),
    "stay": (
        "жить", "проживать", "проживание", "находиться", "нахождение", "пребывание",
        "оставаться", "остаться", "пробыть", "побыть", "сидеть", "stay", "staying", "live",
        "living", "remain", "reside",
    ),
    "visa": ("виза", "визовый", "visa", "visas", "eta", "ETA-IL", "электронное разрешение",
             "мультивиза", "многократная виза", "multiple entry visa", "multiple-entry visa",
             "multi-entry visa", "multivisa"),
    "multi_entry_visa": ("мультивиза", "мультивизы", "многократная виза", "многократная",
                         "многократный шенген", "multiple entry visa", "multiple-entry visa",
                         "multi-entry visa", "multiple entry", "multi-entry", "multivisa"),
    "entry": (
        "въезд", "въехать", "въезжать", "пересечь границу", "граница", "пограничник",
        "пограничники", "entry", "enter", "entering", "border", "border guard", "border guards",
        "прилет", "arrival", "arrive", "arriving", "пускают", "пускать", "впустят", "впускают",
        "отказ во въезде", "развернули на границе", "denied entry", "refused entry",
    ),
    "registration": (
        "регистрация", "прописка", "зарегистрироваться", "встать на учет",
        "учет по месту пребывания",
        "миграционный учет", "уведомление о прибытии", "адресная регистрация",
        "registration", "register", "address registration", "registered address",
        "белый картон", "бели картон", "белая карта", "white card", "beli karton",
        "анмельдунг", "Anmeldung", "eqonaq", "propiska", "migration registration",
        "notify migration", "отметка", "прописаться", "прописать", "прописывать",
        "регистрироваться", "регистрировать", "регистрируют", "регистрация по адресу",
        "зарегистрировать адрес", "prijava boravka", "prijava", "прийава", "приява",
        "анмелдунг",
    ),
    "citizenship": ("гражданство", "паспорт гражданина", "citizenship", "naturalisation",
                    "naturalization"),
    "repatriation": (
        "репатриация", "репатриант", "алия", "оле хадаш", "олим", "закон о возвращении",
        "Натив", "Nativ", "Lishkat Hakesher", "aliyah", "aliya", "repatriation", "repatriate",
        "law of return", "new immigrant", "new immigrants", "immigrant certificate",
        "теудат оле", "еврейские корни", "jewish descent", "jewish roots",
    ),
    "family_reunion": ("воссоединение семьи", "family reunification", "family reunion",
                       "ВНЖ по браку", "внж жене", "внж мужу", "ВНЖ супруге", "ВНЖ супругу",
                       "семейный ВНЖ", "семейная виза", "family visa", "spouse visa",
                       "spouse permit", "spouse residency", "dependent visa", "супруг",
                       "супруга", "spouse", "жена", "муж", "иждивенец", "dependant",
                       "dependent"),
    "study": ("учеба", "студент", "университет", "study", "student", "university", "учиться",
              "обучение"),
    # --- money ----------------------------------------------------------------------------
    "bank": ("банк", "банки", "банковский", "банкинг", "bank", "banks", "banking"),
    "account": ("счет", "счета", "банковский счет", "account", "accounts", "bank account",
                "расчетный счет", "current account"),
    "open": ("открыть", "открытие", "открывают", "открывать", "open", "opening", "завести"),
    "card": ("карта", "карточка", "карту", "card", "cards", "debit card", "дебетовая карта",
             "пластик"),
    "mir": ("Мир", "карта Мир", "НСПК", "NSPK", "Mir", "Mir card", "mir cards", "ArCa"),
    "visa_mastercard": ("Visa Mastercard", "мастеркард", "mastercard", "визу мастеркард"),
    "transfer": (
        "перевод", "переводы", "перевести", "переводить", "отправить деньги", "прислать деньги",
        "получить деньги", "получать деньги", "перекинуть", "transfer", "transfers",
        "send money", "receive money", "wire", "SWIFT", "свифт", "remittance",
        "Юнистрим", "Золотая корона", "Корона", "Korona", "Unistream", "денежный перевод",
        "money transfer", "перевод из России", "деньги из России", "money from Russia",
    ),
    "money": ("деньги", "денег", "средства", "money", "funds", "cash", "наличные", "кэш",
              "налик", "валюта", "currency", "доллары", "рубли", "rubles", "roubles"),
    "sanctions": ("санкции", "sanctions", "sanctioned", "отказ", "отказали", "refuse",
                  "refused", "refusal", "закрыли счет", "блокировка", "blocked", "заблокировали"),
    "non_resident": ("нерезидент", "нерезиденты", "non-resident", "non resident",
                     "nonresident"),
    # --- taxes and business ---------------------------------------------------------------
    "tax": ("налог", "налоги", "налоговый", "налоговая", "налогообложение", "налогов",
            "tax", "taxes", "taxation", "taxed", "налоговая служба", "tax office",
            "revenue service", "НДФЛ", "income tax", "подоходный налог"),
    "tax_residency": (
        "налоговое резидентство", "налоговый резидент", "налоговым резидентом",
        "налоговая резидентность", "tax residency", "tax resident", "tax residence",
        "резидент по налогам", "183 дня", "183 days", "центр жизненных интересов",
        "centre of vital interests", "center of vital interests",
    ),
    "resident": ("резидент", "резидентство", "резиденство", "resident", "residency",
                 "residence"),
    "entrepreneur": (
        "ИП", "индивидуальный предприниматель", "предприниматель", "ипшник", "ипэшник",
        "открыть ИП", "IE", "individual entrepreneur", "sole proprietor", "sole trader",
        "sole proprietorship", "entrepreneur", "entrepreneurship", "предузетник",
        "preduzetnik", "ЧП", "частный предприниматель", "ФОП",
    ),
    "self_employed": ("самозанятый", "самозанятость", "самозанятые", "self-employed",
                      "self employed", "self-employment", "freelance", "freelancer",
                      "фриланс", "фрилансер", "фрилансеры", "фрилансить"),
    "small_business": ("малый бизнес", "статус малого бизнеса", "small business",
                       "small business status", "1 процент", "один процент",
                       "микробизнес", "micro-business", "micro business", "microbusiness"),
    "flat_rate": ("паушал", "паушальный", "paušal", "pausal", "flat-rate", "flat rate",
                  "фиксированный налог", "fixed tax", "fixed monthly tax"),
    "vat": ("НДС", "VAT", "value added tax", "налог на добавленную стоимость"),
    "turnover_tax": ("налог с оборота", "оборотный налог", "turnover tax"),
    "turnover": ("оборот", "выручка", "turnover", "revenue", "доход", "доходы", "income",
                 "заработок"),
    "business": ("бизнес", "компания", "фирма", "ООО", "LLC", "business", "company",
                 "companies", "firm", "юрлицо", "юридическое лицо", "legal entity"),
    "it": ("^IT", "айти", "айтишник", "айтишники", "ИТ", "программист", "разработчик",
           "программирование", "developer", "programmer", "programming", "software",
           "IT-специалист", "IT Park", "HTP", "ПВТ", "tech"),
    "digital_nomad": ("цифровой кочевник", "диджитал номад", "digital nomad", "номад",
                      "nomad", "удаленка", "удаленная работа", "удаленщик", "remote work",
                      "remote worker", "remote", "работаю удаленно", "work remotely",
                      "удаленно"),
    "salary": ("зарплата", "зп", "оклад", "salary", "wage", "wages", "payroll"),
    # --- documents ------------------------------------------------------------------------
    "passport": ("паспорт", "загранпаспорт", "загран", "загранник", "загранка",
                 "заграничный паспорт", "passport", "foreign passport", "international passport",
                 "biometric passport", "биометрический паспорт"),
    "lost_passport": ("потерял паспорт", "потеряла паспорт", "потеряли паспорт",
                      "потерял загран", "потеряла загран", "утеря паспорта", "утерян паспорт",
                      "потерянный паспорт", "украли паспорт", "украли загран",
                      "кража паспорта", "паспорт украли", "паспорт потерян",
                      "свидетельство на возвращение", "lost passport", "lost my passport",
                      "stolen passport", "passport stolen", "passport was stolen",
                      "certificate of return"),
    "internal_passport": ("внутренний паспорт", "внутренний", "общегражданский паспорт",
                          "internal passport", "российский паспорт внутренний"),
    "renew": ("продлить", "продление", "поменять", "замена", "заменить", "обновить",
              "переоформить", "renew", "renewal", "replace", "replacement",
              "extend", "extension", "expired", "expire", "expires", "истек", "истекает",
              "просрочен", "закончился", "заканчивается"),
    "consulate": ("консульство", "посольство", "консул", "консульский", "consulate",
                  "embassy", "consular", "МИД", "foreign ministry", "генконсульство",
                  "консульский отдел", "консульский учет", "встать на консульский учет",
                  "загранучреждение", "consulate general", "consular section",
                  "consular registration", "konsulstvo", "posolstvo"),
    "power_of_attorney": ("доверенность", "доверку", "power of attorney", "POA",
                          "proxy", "представитель", "по доверенности"),
    "notary": ("нотариус", "нотариальный", "нотариально", "заверить", "notary", "notarised",
               "notarized", "notarise", "notarize", "certify", "certified"),
    "apostille": ("апостиль", "апостилировать", "апостилирование", "apostille", "apostilled",
                  "легализация", "legalisation", "legalization", "легализовать"),
    "documents": ("документы", "документ", "справка", "бумаги", "documents", "document",
                  "paperwork", "papers", "certificate", "диплом", "diploma",
                  "свидетельство", "загс", "ZAGS"),
    "translation": ("перевод документов", "нотариальный перевод", "certified translation",
                    "translation", "переводчик", "translator"),
    "local_id": (
        "ИИН", "IIN", "ИНН", "PIN", "ПИН", "идентификационный номер", "налоговый номер",
        "личный номер", "персональный номер", "номер соцкарты", "соцкарта", "социальная карта",
        "social card", "SSN", "public services number", "ID number", "identification number",
        "tax number", "tax ID", "vergi numarasi", "vergi kimlik numarasi", "TIN",
        "taxpayer number", "personal number", "ЦОН", "Public Service Center",
        "идентификатор", "теудат зеут", "^EID", "ПИНФЛ", "PINFL",
        "Steueridentifikationsnummer", "соцномер", "PSN", "JMBG", "^EBS", "^ARC", "^TIC",
        "номер иностранца", "foreigner number",
    ),
    # --- military and Russia ----------------------------------------------------------------
    "military": (
        "военкомат", "воинский учет", "военный учет", "армия", "призыв", "мобилизация",
        "повестка", "повестки", "военнообязанный", "военник", "военный билет", "срочка",
        "military", "army", "draft", "conscription", "mobilisation", "mobilization",
        "summons", "military commissariat", "military registration", "реестр повесток",
        "электронная повестка", "уклонист",
    ),
    "deregister": ("сняться с учета", "снятие с учета", "снять с учета", "выписаться",
                   "выписка", "deregister", "deregistration", "deregistering",
                   "remove from register"),
    "exit_ban": ("запрет на выезд", "невыездной", "exit ban", "travel ban", "не выпустят",
                 "banned from leaving"),
    "russia": ("Россия", "РФ", "российский", "русский", "россиянин", "россияне", "Russia",
               "Russian", "Russians", "Russian Federation"),
    "currency_control": (
        "валютный контроль", "валютное законодательство", "валютный резидент",
        "отчет о движении средств", "ОДДС", "уведомление об открытии счета",
        "уведомить налоговую", "сообщить в налоговую", "зарубежный счет", "иностранный счет",
        "счет за границей", "счет за рубежом", "currency control", "currency controls",
        "currency resident", "foreign account", "foreign accounts", "report foreign account",
        "account abroad", "cash flow report", "лимит на перевод", "лимиты на переводы",
        "transfer limit", "transfer limits", "ЦБ", "Центробанк", "Central Bank",
    ),
    # --- everyday life ----------------------------------------------------------------------
    "health_insurance": (
        "страховка", "медстраховка", "медицинская страховка", "страхование", "полис",
        "страховой полис", "ОМС", "ДМС", "health insurance", "medical insurance", "insurance",
        "travel insurance", "insured", "больничная касса", "купат холим", "health fund",
        "health funds", "Clalit", "Maccabi", "Meuhedet", "Leumit", "Клалит", "Маккаби",
        "ВМС", "ОСМС", "OSMS", "Krankenversicherung", "Krankenkasse", "кранкенкасса",
        "кранкенкассе", "^GKV", "^PKV", "GESY", "ГЕСИ", "гези", "^SGK", "^GSS", "медстрах",
        "медполис", "kupat holim", "kupat cholim",
    ),
    "medical": ("врач", "доктор", "больница", "поликлиника", "лечение", "медицина",
                "медицинский", "doctor", "hospital", "clinic", "treatment", "healthcare",
                "medical care", "medicine", "медпомощь", "медицинская помощь", "медуслуги",
                "лечиться", "заболел", "заболела", "болею", "medical help",
                "medical assistance", "sick"),
    "housing": ("жилье", "квартира", "аренда", "снять квартиру", "арендовать", "съем",
                "хозяин квартиры", "арендодатель", "депозит", "комната", "housing", "flat",
                "apartment", "rent", "renting", "rental", "landlord", "lease", "deposit",
                "accommodation", "недвижимость", "property", "real estate", "купить квартиру",
                "залог", "Kaution", "каушн", "каутион", "rental deposit", "security deposit"),
    "driving_licence": (
        "права", "водительские права", "водительское удостоверение", "водительское", "ВУ",
        "водить", "водить машину", "за рулем", "ездить на машине", "driving licence",
        "driving license", "driver's license", "drivers license", "driver license",
        "driving permit", "drive", "driving", "licence", "license", "международные права",
        "international driving permit", "IDP", "ездить", "обменять права", "Führerschein",
        "фюрершайн", "водительское", "водилы", "водительских",
    ),
    "exchange": ("обменять", "обмен", "поменять", "поменять на местные", "конвертировать",
                 "exchange", "convert", "conversion", "swap"),
    "exam": ("экзамен", "сдать экзамен", "тест", "exam", "test", "examination"),
    "sim_card": ("сим-карта", "симка", "симкарта", "sim", "sim card", "SIM-карта",
                 "номер телефона", "мобильный номер", "мобильная связь", "оператор связи",
                 "phone number", "mobile number", "mobile operator", "мобильный", "телефон",
                 "phone", "mobile", "IMEI", "имей", "айфон", "iphone", "smartphone", "смартфон"),
    "biometrics": ("биометрия", "биометрический", "отпечатки", "biometric", "biometrics",
                   "fingerprints"),
    "school": ("школа", "школы", "школьник", "детский сад", "садик", "детсад", "school",
               "schools", "kindergarten", "preschool", "nursery"),
    "children": ("дети", "ребенок", "детей", "сын", "дочь", "children", "child", "kids",
                 "kid", "son", "daughter"),
    "job": ("работа", "работать", "трудоустроиться", "вакансия", "job", "jobs", "work",
            "working", "employer", "работодатель", "наниматель"),
    "cost": ("стоимость", "сколько стоит", "цена", "пошлина", "госпошлина", "сбор",
             "платить", "плачу", "платим", "заплатить", "оплачивать", "оплата", "cost", "costs",
             "price", "fee", "fees", "state fee",
             "pay", "payment", "how much"),
    "deadline": ("срок", "сроки", "дедлайн", "как долго", "сколько времени", "deadline",
                 "term", "period", "how long", "time limit", "validity", "действует"),
    "scams": (
        "мошенники", "мошенничество", "мошенник", "развод", "разводят", "обман", "обманули",
        "кидалово", "кинули", "аферисты", "лохотрон", "фейк", "подделка", "scam", "scams",
        "scammer", "scammers", "fraud", "fraudster", "fake", "cheated", "аренда карты",
        "дроп", "дропы", "дропом", "money mule", "card rental", "фальшивый",
    ),
    "psychology": (
        "психолог", "психологическая помощь", "психотерапевт", "психотерапия", "депрессия",
        "тревога", "тревожность", "стресс", "выгорание", "паника", "одиночество",
        "панические атаки", "паническая атака", "panic attack", "panic attacks", "бессонница",
        "insomnia", "не могу найти себе места",
        "тоска", "тяжело", "поддержка", "psychologist", "psychological help",
        "therapist", "therapy", "depression", "anxiety", "stress", "burnout", "panic",
        "lonely", "loneliness", "mental health", "support", "emotional support", "кризис",
        "crisis", "не справляюсь", "не могу справиться", "плохо на душе",
        "тяжело на душе",
    ),
    "hotline": ("горячая линия", "линия доверия", "линия поддержки",
                "кризисная линия", "линия психологической помощи", "hotline", "helpline",
                "crisis line", "support line", "TelefonSeelsorge"),
    "emergency": (
        "112", "911", "экстренный", "экстренно", "экстренный номер", "экстренная помощь",
        "экстренная ситуация", "экстренные службы", "экстренные номера", "скорая",
        "скорая помощь", "вызвать скорую", "неотложка", "неотложная помощь",
        "срочная помощь", "срочная медпомощь", "срочная медицинская помощь",
        "экстренная медпомощь", "пожарные", "пожар", "спасатели", "МЧС", "urgent care",
        "напали", "нападение", "ограбили", "ограбление", "избили", "авария", "ДТП",
        "attacked", "robbed", "robbery", "car accident",
        "номер полиции", "вызвать полицию", "ambulance",
        "emergency", "emergency number", "emergency numbers", "emergency services",
        "fire brigade", "firefighters", "call the police", "police number",
    ),
    "pension": (
        "пенсия", "пенсии", "пенсионер", "пенсионерка", "пенсионеры", "пенсионный",
        "пенсионный фонд", "пенсионка", "ПФР", "СФР", "Соцфонд", "Социальный фонд",
        "pension", "pensions", "pensioner", "pensioners", "retiree", "retirees", "retirement",
        "Social Fund", "SFR", "PFR", "pension fund", "pensiya",
    ),
    "proof_of_life": (
        "подтверждение жизни", "подтвердить что жив", "подтвердить что жива",
        "справка о том что жив", "справка что жив", "справка о жизни",
        "акт о личной явке", "личная явка", "proof of life", "certificate of life",
        "life certificate", "alive certificate", "proof that i am alive",
    ),
    "eu": ("ЕС", "Евросоюз", "Европа", "европейский", "Шенген", "шенгенская виза", "шенген",
           "EU", "European Union", "Europe", "European", "Schengen", "Schengen visa",
           "голубая карта", "Blue Card", "EU Blue Card", "блю кард"),
    "relocation": ("переезд", "переехать", "переезжать", "релокация", "релокант",
                   "эмиграция", "эмигрировать", "уехать", "moving", "move", "relocate",
                   "relocation", "emigrate", "emigration", "move on", "дальше"),
    "license_spelling": ("licence", "license", "licences", "licenses"),
}
# fmt: on

#: Local words that only one host country uses — its documents, offices, programmes, banks,
#: operators, currency — in the spellings newcomers type. A question that uses one and names no
#: country is about that country ("белый картон" is Serbian, "икамет" Turkish): the index takes
#: it as the question's country (a country the question names still wins). Words that two
#: countries share (JMBG, preduzetnik, ЦОН, PIN) are not here.
# fmt: off
COUNTRY_TERMS: Final[dict[str, tuple[str, ...]]] = {
    "RS": ("белый картон", "бели картон", "белого картона", "beli karton", "white card",
           "паушал", "паушальный", "paušal", "pausal", "paushal", "^EBS",
           "evidencijski broj", "динар", "dinar", "dinars", "welcometoserbia"),
    "DE": ("Anmeldung", "анмельдунг", "анмелдунг", "Steuer-ID", "Steuer ID", "штойер айди",
           "штоер айди", "штойер ид", "Steueridentifikationsnummer", "Steuernummer",
           "Aufenthaltstitel", "Aufenthaltserlaubnis", "ауфентхальтститель", "Krankenkasse",
           "Krankenversicherung", "кранкенкасса", "кранкенкассе", "Führerschein",
           "фюрершайн", "фюрершайна", "Kaution", "каушн", "каутион", "Bürgeramt",
           "бюргерамт", "Finanzamt", "финанцамт", "финансамт", "Ausländerbehörde",
           "ауслендербехёрде", "Chancenkarte", "шансенкарте", "шанcенкарта", "Basiskonto",
           "базисконто", "Schufa", "шуфа", "ELSTER", "Gewerbeamt", "Jobcenter", "Kita",
           "Freiberufler", "фрайберуфлер", "TelefonSeelsorge"),
    "AE": ("Emirates ID", "эмирейтс айди", "эмиратс айди", "эмирейтс ид", "Ejari", "иджари",
           "эджари", "Etisalat", "этисалат", "MOHRE", "RERA", "KHDA", "дирхам", "дирхамы",
           "dirham", "dirhams", "AED"),
    "IL": ("теудат зеут", "теудат зехут", "теудат зеhут", "teudat zehut", "teudat zeut",
           "теудат оле", "teudat ole", "купат холим", "kupat holim", "kupat cholim",
           "больничная касса", "Битуах Леуми", "битуах леуми", "bituah leumi",
           "bituach leumi", "осек патур", "осек мурше", "osek patur", "osek murshe",
           "мисрад пним", "мисрад апним", "мисрад а-пним", "misrad hapnim",
           "aliyah", "aliya", "репатриант", "репатрианты", "оле хадаш",
           "ульпан", "ulpan", "ETA-IL", "Маген Давид Адом", "шекель", "шекелей", "shekel",
           "shekels", "корзина абсорбции", "sal klita"),
    "TR": ("икамет", "икамета", "ikamet", "e-ikamet", "Nüfus", "нюфус", "нуфус", "^SGK",
           "vergi numarası", "vergi numarasi", "вергi", "верги", "вергы", "yabancı kimlik",
           "e-devlet", "е-девлет", "edevlet", "Turkcell", "туркселл", "Türk Telekom",
           "çalışma izni", "calisma izni", "лира", "лиры", "лир", "lira", "liras",
           "şahıs şirketi", "sahis sirketi"),
    "AM": ("соцкарта", "соц карта", "PSN", "ՀԾՀ", "драм", "драмов", "dram", "drams",
           "Америабанк", "Ameriabank", "Ucom", "юком", "ArCa"),
    "KZ": ("ИИН", "IIN", "Kaspi", "каспи", "Halyk", "халык", "ОСМС", "OSMS", "тенге", "tenge",
           "egov", "РВП", "Kcell"),
    "KG": ("Элкарт", "Elcart", "mektep", "салык", "salyk"),
    "UZ": ("ПИНФЛ", "PINFL", "JSHSHIR", "ЖШШИР", "Uzcard", "узкард", "Humo", "хумо",
           "IT Park", "айти парк", "Инсон", "махалля", "mahalla", "эмехмон", "emehmon"),
    "CY": ("GESY", "ГЕСИ", "гези", "pink slip", "пинк слип", "^ARC", "^TIC", "CRMD", "Cyta",
           "SPAVO"),
    "ME": ("prijava boravka", "прийава боравка", "приява боравка", "прияву боравка",
           "crnogorski", "posebna licna karta"),
    "GE": ("Дом юстиции", "Public Service Hall", "^TBC", "тбс", "лари", "lari", "Magti",
           "магти", "Silknet", "силкнет", "Cellfie", "Geocell", "статус малого бизнеса",
           "small business status"),
}
# fmt: on

#: Plain words for each FAQ topic slug of the contract (both languages).
# fmt: off
TOPIC_TERMS: Final[dict[str, tuple[str, ...]]] = {
    "visa-free-stay": ("безвизовое пребывание", "без визы", "нужна ли виза",
                       "сколько можно находиться", "въезд", "visa-free stay",
                       "do I need a visa", "how long can I stay", "entry"),
    "residence-permit": ("вид на жительство", "ВНЖ", "residence permit"),
    "registration": ("регистрация", "учет по месту пребывания", "address registration"),
    "local-id": ("идентификационный номер", "личный номер", "ID number"),
    "bank-account": ("банковский счет", "открыть счет в банке", "bank account"),
    "cards-transfers": ("банковские карты", "переводы денег", "cards", "money transfers"),
    "tax-residency": ("налоговое резидентство", "tax residency"),
    "entrepreneur": ("индивидуальный предприниматель", "ИП", "свой бизнес",
                     "individual entrepreneur", "self-employed business"),
    "work-permit": ("разрешение на работу", "work permit"),
    "health-insurance": ("медицинская страховка", "health insurance"),
    "housing": ("жилье", "аренда квартиры", "housing", "renting a flat"),
    "driving-licence": ("водительские права", "driving licence"),
    "sim-card": ("сим-карта", "мобильная связь", "SIM card", "mobile phone"),
    "schools": ("школы", "детский сад", "schools", "kindergarten"),
    "passport-renewal": ("загранпаспорт", "продление паспорта", "passport renewal"),
    "power-of-attorney": ("доверенность", "power of attorney"),
    "apostille": ("апостиль", "легализация документов", "apostille"),
    "military-registration": ("воинский учет", "военкомат", "military registration"),
    "russian-tax-residency": ("налоговое резидентство России", "налоги в России",
                              "налоговый нерезидент", "нерезидент РФ",
                              "Russian tax residency", "non-resident of Russia"),
    "currency-control": ("валютный контроль", "счета за рубежом", "currency control"),
    "moving-on-eu": ("переезд в Европу", "ЕС", "moving on to the EU"),
    "scams": ("мошенники", "обман", "scams", "fraud"),
    "psychological-help": ("психологическая помощь", "психолог", "psychological help"),
    "emergency": ("экстренные службы", "куда звонить", "скорая помощь", "полиция",
                  "emergency numbers", "ambulance", "police"),
    "consular": ("консульство", "посольство", "консульские услуги", "consulate", "embassy",
                 "consular services"),
    "pensions-abroad": ("пенсия за границей", "пенсионер", "pension abroad", "pensioner"),
}
# fmt: on


@dataclass(frozen=True, slots=True)
class ConceptMatch:
    """Concept ``concept`` found over the content-token span ``[start, end)``."""

    start: int
    end: int
    concept: str


class ConceptMatcher:
    """Finds :data:`CONCEPTS` in sequences of stems (built once, lazily: :func:`concept_matcher`).

    Works on *content* stems (stop words removed) so that ``вид на жительство`` and
    ``вида на жительство`` and ``vid na zhitelstvo`` (after transliteration) all match.
    """

    def __init__(self, concepts: Mapping[str, tuple[str, ...]]) -> None:
        single: dict[str, set[str]] = {}
        upper_single: dict[str, set[str]] = {}
        phrases: dict[str, set[tuple[tuple[str, ...], str]]] = {}
        surfaces: set[str] = set()
        all_stems: set[str] = set()
        for name, terms in concepts.items():
            token = CONCEPT_PREFIX + name
            for term in terms:
                upper_only = term.startswith("^")
                words = content_words(term.lstrip("^"), keep_upper=True)
                surfaces.update(w for w, _ in words)
                stems = tuple(stem_word(w) for w, _ in words)
                all_stems.update(stems)
                if not stems:
                    continue
                if len(stems) == 1:
                    (upper_single if upper_only else single).setdefault(stems[0], set()).add(token)
                else:
                    phrases.setdefault(stems[0], set()).add((stems, token))
        self._single = {k: tuple(sorted(v)) for k, v in single.items()}
        self._upper = {k: tuple(sorted(v)) for k, v in upper_single.items()}
        self._phrases = {
            k: tuple(sorted(v, key=lambda p: (-len(p[0]), p[0], p[1]))) for k, v in phrases.items()
        }
        #: Every word of every term (normalised), for typo correction.
        self.surfaces: frozenset[str] = frozenset(surfaces)
        #: Every stem of every term: a query word with one of these means something.
        self.stems: frozenset[str] = frozenset(all_stems)

    def single(self, stem: str, *, upper: bool = False) -> tuple[str, ...]:
        """Concepts a single stem stands for (``upper``: the word was written in capitals)."""
        found = self._single.get(stem, ())
        if upper:
            found = found + self._upper.get(stem, ())
        return found

    def starting_with(self, stem: str) -> tuple[tuple[tuple[str, ...], str], ...]:
        """Multi-word terms whose first stem is ``stem``: ``(stems, concept)``, longest first."""
        return self._phrases.get(stem, ())

    def phrases(self, stems: Sequence[str]) -> list[ConceptMatch]:
        """All multi-word concept matches, longest first at each start position."""
        out: list[ConceptMatch] = []
        for i, first in enumerate(stems):
            for phrase, concept in self._phrases.get(first, ()):
                n = len(phrase)
                if tuple(stems[i : i + n]) == phrase:
                    out.append(ConceptMatch(i, i + n, concept))
        return out


def content_words(text: str, *, keep_upper: bool = True) -> list[tuple[str, bool]]:
    """Normalised non-stop words of ``text`` as ``(word, written_in_capitals)``.

    A stop word written in capitals is kept when ``keep_upper`` (``IT`` is not ``it``).
    """
    return [
        (t.text, t.upper)
        for t in tokenize(text)
        if not is_stopword(t.text) or (keep_upper and t.upper and t.script == "lat")
    ]


@lru_cache(maxsize=1)
def concept_matcher() -> ConceptMatcher:
    """The shared matcher over :data:`CONCEPTS`, built on first use."""
    return ConceptMatcher(CONCEPTS)


@lru_cache(maxsize=1)
def country_term_matcher() -> ConceptMatcher:
    """A matcher over :data:`COUNTRY_TERMS`: its "concepts" are ``~`` + the ISO code."""
    return ConceptMatcher(COUNTRY_TERMS)
