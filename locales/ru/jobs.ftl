# Вакансии.

menu-jobs = 💼 Работа
cmd-jobs = Работа: вакансии, подписки
jobs-help = <b>Работа</b>: /jobs — вакансии по стране, городу, удалёнке и профессии; разместить вакансию (её проверит модератор); подписаться на новые — сразу или дайджестом раз в день. Кандидаты отвечают через бота.

jobs-home = ⬅️ Работа
jobs-home-text = 💼 <b>Работа</b>
    Вакансии работодателей, компаний тех, кто переехал, и для международных клиентов. Каждую проверяет модератор. Кандидаты отвечают через бота: никто не видит ваше имя и контакты, пока вы сами не решите их показать.
jobs-browse = 🔎 Смотреть вакансии
jobs-post = ➕ Разместить вакансию
jobs-subscriptions = 🔔 Мои подписки
jobs-mine = 📋 Мои вакансии
jobs-back-mine = ⬅️ Мои вакансии
jobs-back-list = ⬅️ К списку

jobs-filter = { $place } · { $profession }
jobs-any-profession = любая профессия
jobs-list = 💼 <b>Вакансии</b> — { $filter }
    Найдено: { $total }. Нажмите на вакансию, чтобы открыть.
jobs-list-empty = 💼 <b>Вакансии</b> — { $filter }
    Здесь пока нет вакансий. Расширьте поиск, подпишитесь — я сообщу о новых, — или разместите свою. Вакансиями часто делятся и в местных группах.
jobs-pick-place = 📍 Место
jobs-pick-city = 🏙 Город
jobs-pick-profession = 🧭 Профессия
jobs-pick-place-text = 📍 Где должна быть работа?
jobs-pick-city-text = 🏙 Какой город? Вакансии без города тоже покажу.
jobs-pick-profession-text = 🧭 Какая профессия?

jobs-subscribe-this = 🔔 Сообщать о новых таких вакансиях
jobs-mode-question = 🔔 Новые вакансии «{ $filter }»: как сообщать?
jobs-mode-choose-instant = ⚡ Сразу, по сообщению на вакансию
jobs-mode-choose-daily = 🗞 Дайджестом раз в день (утром)
jobs-mode-instant = сразу
jobs-mode-daily = дайджест раз в день
jobs-subscribed = ✅ Подписка оформлена: { $filter } ({ $mode }). Тихие часы из /profile соблюдаются.
jobs-subscriptions-text = 🔔 <b>Ваши подписки</b>
    Нажмите на подписку, чтобы удалить её. Новые делаются из поиска: откройте вакансии, настройте фильтр и нажмите «Сообщать о новых таких вакансиях».
jobs-subscriptions-none = 🔔 Подписок пока нет. Откройте вакансии, настройте фильтр и нажмите «Сообщать о новых таких вакансиях».
jobs-unsubscribe = 🗑 { $what }
jobs-unsubscribed = 🗑 Удалено. Остальные подписки:
jobs-unsubscribed-last = 🗑 Удалено. Подписок больше нет — сообщений о вакансиях не будет.
jobs-too-many-subscriptions = У вас уже { $count } подписок: сначала удалите одну.

jobs-mine-text = 📋 <b>Ваши вакансии</b>
jobs-mine-none = 📋 Вы ещё не размещали вакансий.

job-card = 💼 <b>{ $title }</b>
    🏢 { $company }
    📍 { $place }
    🧭 { $professions }
    🕒 { $employment } · 🗣 { $languages }
    💰 { $salary }

    { $description }

    <b>Как откликнуться</b>
    { $how_to_apply }
job-private-employer = Частный работодатель
job-salary-none = не указана
job-apply = ✉️ Откликнуться через бота
job-employment-full = Полная занятость
job-employment-part = Частичная занятость
job-employment-project = Проект, фриланс
job-employment-intern = Стажировка
job-language-ru = русский
job-language-en = английский
job-language-uk = украинский
job-language-local = местный язык
job-moderator-header = 💼 <b>Вакансия #{ $id }</b>

job-notice = 🔔 <b>Новая вакансия по вашей подписке</b>

    { $line }
job-notice-line = <b>{ $title }</b> — { $company }, { $place }
job-digest = 🗞 <b>Дайджест вакансий</b>: { $count ->
        [one] { $count } новая вакансия
        [few] { $count } новые вакансии
       *[other] { $count } новых вакансий
    }

    { $lines }
job-digest-more = …и ещё { $count }: откройте раздел «Работа».

job-wizard-intro = ➕ <b>Новая вакансия</b> — несколько коротких шагов. Перед публикацией её проверит модератор. Кандидаты ответят вам через бота: не пишите контакты в тексте.
job-wizard-title = Какая должность? Коротко (до { $maximum } символов), например «Python-разработчик» или «Бариста».
job-wizard-company = Какая компания нанимает? Напишите название или выберите «Частный работодатель».
job-wizard-place = Где работа? Выберите страну (или напишите её название) или удалёнку.
job-wizard-city = Какой город в стране { $country }? Выберите, напишите или «Вся страна».
job-wizard-professions = Для каких профессий? Выберите до { $maximum }, затем «Готово».
job-wizard-professions-needed = Выберите хотя бы одну профессию.
job-wizard-professions-too-many = Больше нельзя: сначала снимите одну.
job-wizard-employment = Какая занятость?
job-wizard-languages = Какие языки нужны? Отметьте все подходящие, затем «Готово».
job-wizard-languages-needed = Выберите хотя бы один язык.
job-wizard-salary = Зарплата или ставка (например, «2000–2500 USD в месяц») — или пропустите.
job-wizard-salary-skip = Пропустить
job-wizard-description = Опишите работу: задачи, требования, условия (до { $maximum } символов).
job-wizard-how-to-apply = Как откликнуться: что кандидатам написать вам (опыт, ссылка на портфолио, когда готовы выйти)? До { $maximum } символов. Ответы придут через бота.
job-wizard-preview = 👀 <b>Так вакансию увидят участники:</b>

    { $card }

    Отправить модератору?
job-wizard-submit = 📨 Отправить на проверку
job-wizard-cancelled = Отменено: вакансия не сохранена.
job-wizard-submitted = 📨 Отправлено модератору. Я сообщу, когда вакансию опубликуют (обычно в течение дня). Кандидаты напишут вам сюда, через бота.
