# Taxonomy labels: <kind>-<slug>. The slugs are a contract (DESIGN.md); labels are ours.

## profession
profession-it = 💻 IT
profession-design = 🎨 Дизайн
profession-media = 📰 Журналистика, медиа
profession-science = 🔬 Наука, исследования
profession-education = 📚 Учителя, репетиторы
profession-arts = 🎭 Культура, искусство
profession-hospitality = ☕ Рестораны, бары, кафе
profession-beauty = 💇 Красота
profession-health = 🩺 Медицина, психология
profession-law = ⚖️ Юристы
profession-finance = 📊 Финансы, бухгалтерия
profession-marketing = 📣 Маркетинг
profession-trades = 🔧 Стройка, ремонт, водители
profession-business = 💼 Предприниматели
profession-ngo = 🤲 НКО, активизм
profession-students = 🎓 Студенты
profession-other = ✨ Другое

## interest
interest-legal = 📄 Документы, легализация
interest-banking = 🏦 Банки, карты, переводы
interest-housing = 🏠 Жильё
interest-jobs = 💼 Работа
interest-networking = 🤝 Знакомства, нетворкинг
interest-events = 📅 События, встречи
interest-language = 🗣 Изучение языка
interest-kids = 🧒 Дети: школы, сады
interest-health = 🩺 Здоровье
interest-psychology = 💬 Психологическая поддержка
interest-volunteering = 🙌 Волонтёрство
interest-relocation = ✈️ Переезд дальше
interest-faith-ethnic = 🕊 Религиозные и национальные общины

## faq_topic
topic-visa-free-stay = Безвизовое пребывание
topic-residence-permit = ВНЖ
topic-registration = Регистрация
topic-local-id = Местный ID / налоговый номер
topic-bank-account = Банковский счёт
topic-cards-transfers = Карты и переводы
topic-tax-residency = Налоговое резидентство
topic-entrepreneur = ИП и налоги бизнеса
topic-work-permit = Разрешение на работу
topic-health-insurance = Медицинская страховка
topic-housing = Жильё
topic-driving-licence = Водительские права
topic-sim-card = SIM-карта
topic-schools = Школы и сады
topic-emergency = Экстренная помощь
topic-consular = Консульство России
topic-passport-renewal = Замена загранпаспорта
topic-power-of-attorney = Доверенность
topic-apostille = Апостиль
topic-military-registration = Воинский учёт
topic-russian-tax-residency = Налоговое резидентство РФ
topic-currency-control = Валютный контроль
topic-pensions-abroad = Российская пенсия за границей
topic-moving-on-eu = Переезд дальше в ЕС
topic-scams = Мошенничество
topic-psychological-help = Психологическая помощь

## offer_category
offer-category-housing = 🛏 Временное жильё
offer-category-advice = 💡 Совет
offer-category-translation = 🔤 Перевод
offer-category-paperwork = 📝 Документы
offer-category-items = 📦 Вещи
offer-category-rides = 🚗 Подвезти
offer-category-childcare = 🧸 Присмотр за детьми
offer-category-other = ✨ Другое
