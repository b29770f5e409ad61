# База знаний: документы и банки (участники) и экраны её модераторов.

menu-faq = 📚 Документы и банки
cmd-ask = Вопрос о документах, банках, визах
help-faq = <b>Документы и банки</b>: просто напишите вопрос своими словами — «как открыть счёт», «vnzh v serbii», можно с опечатками или транслитом — или отправьте /ask. У каждого ответа есть источники с датами и дата последней сверки с ними. В любом чате: наберите @, имя бота и вопрос.

## Вопросы
faq-home = 📚 <b>Документы и банки</b>
    Ответы о визах, ВНЖ, банках, налогах и не только — у каждого есть источники и дата последней сверки с ними.
    Напишите вопрос своими словами или выберите тему.
faq-topics-of = { $country } — темы страны и общие для всех стран:
faq-topics-none-for = { $country }: ответов пока нет. Вот темы, общие для всех стран, — или выберите другую страну.
faq-topics-global-only = Темы, общие для всех стран (укажите страну в /profile, чтобы видеть и её темы):
faq-choose-country = Какая страна?
faq-global-topics = Все страны
faq-everywhere = Все страны
faq-not-a-question = Напишите вопрос в нескольких словах, например: «как открыть счёт в Грузии». Или откройте /menu.
faq-greeting = 👋 Здравствуйте! Я Причал: помогаю найти своих и разобраться на новом месте. Выберите раздел ниже или просто напишите вопрос в нескольких словах — например, «как открыть счёт в банке».
faq-greeting-new = 👋 Здравствуйте! Я Причал: помогаю тем, кто недавно переехал, найти своих и разобраться на новом месте.
faq-maybe = Не уверен, что нашёл точный ответ. Может быть, подойдёт один из этих?
faq-no-answer = Готового ответа на этот вопрос пока нет. Посмотрите темы или попробуйте спросить по-другому.
faq-groups-offer = { $count ->
        [one] В этой группе помогают с документами и банками — там отвечают живые люди:
        [few] В этих группах помогают с документами и банками — там отвечают живые люди:
       *[other] В этих группах помогают с документами и банками — там отвечают живые люди:
    }
faq-ask-volunteers-offer = Могу передать вопрос волонтёрам, которые ведут базу ответов, — без вашего имени.
faq-button-ask-volunteers = 🙋 Передать вопрос волонтёрам
faq-ask-volunteers-stale = Этот вопрос уже передан или устарел. Задайте его ещё раз.
faq-gap-passed = Передал ваш вопрос волонтёрам ({ $country }) без вашего имени. Они разбирают такие вопросы раз в неделю. Лично вам не напишут: когда появится ответ, он будет здесь, — спросите снова через неделю-другую.
faq-gap-not-passed = Похожий вопрос от вас уже ждёт волонтёров — повторно передавать не нужно. Когда появится ответ, он будет здесь.
faq-unhelpful-groups = Жаль, что ответ не помог. Волонтёры увидят вашу оценку и пересмотрят его. А пока спросите живых людей — в этих группах помогают с документами и банками:
faq-unhelpful-no-groups = Жаль, что ответ не помог. Волонтёры увидят вашу оценку и пересмотрят его. Посмотрите другие темы или попробуйте спросить по-другому.

## Человек в беде
faq-crisis-distress = Мне очень жаль, что вам сейчас так тяжело. Вы не одни, и с этим можно справиться — шаг за шагом.
faq-crisis-danger = Мне очень жаль, что с вами это происходит. Ваша жизнь и безопасность важнее любых документов. Если вам угрожает опасность прямо сейчас — звоните в экстренную службу.
faq-crisis-lines-of = <b>Куда позвонить — { $country }:</b>
faq-crisis-emergency = 🆘 Экстренная служба: <b>{ $number }</b>
faq-crisis-line = 📞 <b>{ $phone }</b> — { $what }
faq-crisis-no-country = Укажите страну в /profile, и я покажу телефоны экстренной и психологической помощи там, где вы сейчас. Линии по странам собраны в теме «Психологическая помощь».
faq-crisis-groups = Здесь поддерживают друг друга люди, которые тоже переехали:
faq-note-country = <i>Ответы для страны из вашего вопроса: { $country }.</i>
faq-entry-gone = Этот ответ больше недоступен. Спросите ещё раз или откройте /menu.

## Карточка ответа
faq-card-sources = 🔗 Источники:
faq-card-checked = 🔎 Сверено с источниками { $date }
faq-card-confirmed = ✅ Подтверждено модератором { $date }
faq-card-overdue = ⏳ Пора перепроверить (срок был { $date }): перед важным шагом загляните в источник.
faq-card-where = 📍 <b>Где:</b>
faq-card-cost = 💰 <b>Сколько стоит:</b>
faq-card-timeline = ⏱ <b>Сроки:</b>
faq-card-steps = 📋 <b>Что делать:</b>
faq-card-documents = 📄 <b>Документы:</b>
faq-card-caveats = ⚠️ <b>Важно:</b>
faq-button-more = 📖 Подробнее: шаги, документы, оговорки
faq-card-disclaimer = <i>Это не юридическая консультация: сверьтесь с источником, а в своём случае — с юристом.</i>
faq-card-helpful = Ответ помог?
faq-vote-yes = 👍 Да
faq-vote-no = 👎 Нет
faq-thanks-helpful = Спасибо! Рады, что ответ помог.
faq-thanks-unhelpful = Спасибо — волонтёры посмотрят этот ответ.
faq-button-topics = 📚 Темы
faq-button-other-country = 🌍 Другая страна
faq-button-moderate = 🛠 Модерировать ответ

## Модераторы
faq-admin-home = 🛠 <b>База знаний</b> · { $scope }
    На проверку: { $due } · Вопросы без хорошего ответа: { $gaps }
faq-admin-due-button = 🕒 На проверку ({ $count })
faq-admin-gaps-button = ❔ Пробелы ({ $count })
faq-admin-coverage-button = 📊 Покрытие
faq-admin-entries-button = 📄 Статьи
faq-admin-new-button = ➕ Новая статья
faq-admin-to-home = 🛠 База знаний
faq-admin-back = ⬅️ Назад
faq-admin-due-title = 🕒 <b>На проверку</b>: { $count } { $count ->
        [one] статья: срок проверки скоро или уже прошёл
        [few] статьи: срок проверки скоро или уже прошёл
       *[other] статей: срок проверки скоро или уже прошёл
    }. Откройте, сверьте с источниками и подтвердите — или исправьте.
faq-admin-due-empty = 🕒 У всех статей ваших стран срок проверки ещё не подошёл.
faq-admin-never-verified = модератор ещё не подтверждал
faq-admin-review-was = проверить до { $date }
faq-admin-review-overdue = просрочено с { $date }
faq-admin-no-review-date = без срока проверки
faq-admin-gaps-title = ❔ <b>Пробелы в базе</b>: { $count } — вопросы без хорошего ответа и ответы с 👎. Похожие вопросы сгруппированы.
faq-admin-gaps-empty = ❔ Открытых пробелов в ваших странах нет.
faq-admin-gap-no-match = <b>{ $number }.</b> { $place } · нет ответа · спросили: { $count } · последний раз { $last }
faq-admin-gap-unhelpful = <b>{ $number }.</b> { $place } · 👎 на { $entry } · отметили: { $count } · последний раз { $last }
faq-admin-gap-close = ✖ Закрыть { $number }
faq-admin-gap-write = ➕ Ответить на { $number }
faq-admin-gap-closed = Закрыто. { $count ->
        [one] Вопрос удалён.
       *[other] Удалено вопросов: { $count }.
    }
faq-admin-gap-gone = Этот пробел уже закрыт.
faq-admin-coverage-title = 📊 <b>Покрытие</b> — статьи, на проверку 🕒, просрочено ⏳, вопросов без ответа ❔. Страна — кнопкой ниже.
faq-admin-coverage-line = { $place }: { $entries }/{ $total } · 🕒 { $due } · ⏳ { $overdue } · ❔ { $gaps }
faq-admin-coverage-of = 📊 <b>{ $place }</b> по темам:
faq-admin-cell-due = проверить до { $date }
faq-admin-cell-overdue = просрочено с { $date }
faq-admin-cell-unhelpful = 👎 { $count }
faq-admin-coverage-gaps = ❔ Вопросов без хорошего ответа: { $count }
faq-admin-coverage-legend = <i>✅ в сроке · 🕒 скоро проверка · ⏳ просрочено · 📝 черновик · ➖ статьи нет</i>
faq-admin-coverage-more = …и ещё стран: { $count }. Откройте 📄 Статьи по каждой.
faq-admin-choose-country = Какая страна?
faq-admin-entries-of = 📄 Статьи: { $place }
faq-admin-no-such-entry = Статьи { $slug } нет. Адреса статей выглядят так: ge/bank-account или global/apostille.
faq-admin-meta = 🛠 <code>{ $slug }</code> · { $status } · изменчивость: { $volatility }
    { $verified } · проверить до { $review }
    Показана { $shown } · 👍 { $helpful } · 👎 { $unhelpful }
faq-admin-verified = подтверждена { $date } { $by }
faq-admin-by-you = вами
faq-admin-by-other = модератором
faq-admin-verify-button = ✅ Подтвердить: сверил(а) с источниками
faq-admin-verified-done = Подтверждено. Участники видят «Подтверждено модератором». Следующая проверка до { $date }.
faq-admin-edit-button = ✏️ Исправить
faq-admin-facts-button = 📚 Факты и заметки
faq-admin-sources-title = 📚 <b>Источники и заметки при проверке:</b>
faq-admin-source-line = • { $host } ({ $date }, { $kind }): { $notes }
faq-admin-source-unknown = • { $host }: нет в базе фактов — дату и содержание проверьте сами
faq-admin-source-undated = без даты
faq-source-kind-official = официальный
faq-source-kind-news = СМИ
faq-source-kind-ngo = НКО
faq-source-kind-guide = гайд
faq-admin-facts-title = 📚 <b>Факты за статьёй { $slug }</b> — что сказано в каждом источнике и что отметили при проверке:
faq-admin-facts-notes = <i>Заметки: { $notes }</i>
faq-admin-facts-none = Этого источника нет в базе фактов.
faq-admin-facts-more = …остальные источники не поместились — откройте ссылки в статье.
faq-admin-volatility-button = ⚡ Изменчивость
faq-admin-status-to-published = 📤 Опубликовать
faq-admin-status-to-draft = 📝 В черновики
faq-admin-status-to-archived = 📦 Снять: устарела
faq-status-published = опубликована
faq-status-draft = черновик
faq-status-archived = в архиве
faq-volatility-low = низкая (проверка раз в 365 дней)
faq-volatility-medium = средняя (раз в 180 дней)
faq-volatility-high = высокая (раз в 90 дней)
faq-admin-choose-volatility = Как часто меняются эти факты?
faq-admin-choose-field = Что изменить в { $slug }?
faq-field-q = Вопрос { $lang }
faq-field-a = Ответ { $lang }
faq-field-k = Ключевые слова { $lang }
faq-field-steps = Шаги { $lang }
faq-field-documents = Документы { $lang }
faq-field-where = Где { $lang }
faq-field-cost = Стоимость { $lang }
faq-field-timeline = Сроки { $lang }
faq-field-caveats = Оговорки { $lang }
faq-field-sources = Источники (ссылки)
faq-admin-ask-value = ✏️ <b>{ $field }</b> в { $slug }. Сейчас:
    { $current }

    Пришлите новый текст: ключевые слова через запятую; ссылки, шаги, документы и оговорки — по одному в строке; «-» очищает необязательное поле. Или /cancel.
faq-admin-saved = ✅ Сохранено.
faq-admin-gone = Этой статьи больше нет или редактирование прервалось. Откройте /faq_admin снова.
faq-admin-out-of-scope = ⛔ Страна этой статьи не входит в ваши страны модерации.
faq-admin-exists = Для этой страны и темы статья уже есть: лучше отредактируйте её.

## Новая статья
faq-new-choose-country = ➕ <b>Новая статья</b> — для какой страны? («Все страны» — для общих тем.)
faq-new-choose-topic = ➕ { $place }: какая тема? Показаны только темы без статьи.
faq-new-all-taken = { $place }: у всех тем уже есть статьи — отредактируйте их.
faq-new-choose-volatility = ➕ { $place } · { $topic }. Как часто меняются эти факты?
faq-new-ask-sources = Пришлите ссылки на источники (официальные страницы, условия банков), по одной в строке.
faq-new-ask-question = Вопрос ({ $lang }) — так, как спросил бы участник.
faq-new-ask-answer = Ответ ({ $lang }) — простым текстом, своими словами, до 2000 символов.
faq-new-ask-keywords = Ключевые слова ({ $lang }) через запятую (слова, которыми спрашивают: «счёт, карта, банк») или «-», если не нужны.
faq-new-optional = Эта тема может быть без источников: пришлите «-».
faq-new-preview = ➕ <b>Проверьте новую статью</b>
    { $place } · { $topic } · изменчивость: { $volatility }
    Источники: { $sources }
faq-new-publish = ✅ Опубликовать — я проверил(а) сегодня
faq-new-draft = 📝 Сохранить черновик (участникам не видно)
faq-new-cancelled = Новая статья не сохранена.

faq-edit-error-empty = Это поле не может быть пустым. Пришлите текст ещё раз или /cancel.
faq-edit-error-too-long = Слишком длинно: не больше { $limit } символов. Сократите и пришлите снова.
faq-edit-error-too-many = Слишком много: не больше { $limit }. Пришлите меньше.
faq-edit-error-bad-url = Каждый источник — полная ссылка, начинающаяся с https:// (по одной в строке).
faq-edit-error-no-sources = Юридическому или банковскому ответу нужна хотя бы одна ссылка на источник.
faq-edit-error-missing-lang = Нужны и вопрос, и ответ ({ $lang }).
faq-edit-error-invalid = Это значение здесь не подходит. Пришлите ещё раз или /cancel.

## Еженедельная сводка для модераторов
faq-digest-title = 🛠 <b>База знаний: сводка недели</b>
faq-digest-due = 🕒 Пора проверить — { $count } { $count ->
        [one] статья
        [few] статьи
       *[other] статей
    }:
faq-digest-due-line = { $place } { $topic } — до { $date }
faq-digest-due-line-overdue = { $place } { $topic } — ⏳ просрочено с { $date }
faq-digest-unhelpful = 👎 Ответы, которые не помогли участникам:
faq-digest-unhelpful-line = { $slug } — { $count }
faq-digest-gaps = ❔ Вопросов без хорошего ответа: { $gaps } (спросили участников: { $asked }).
faq-digest-open = 🕒 Открыть проверку
faq-digest-open-gaps = ❔ Вопросы без ответа
