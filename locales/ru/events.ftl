# События: список, ответы, напоминания, мастер организатора и его инструменты.

menu-events = 📅 События
cmd-events = Ближайшие события
events-help = <b>События</b>: /events — встречи рядом с вами, онлайн-события и то, что подходит вашим интересам. Нажмите «Пойду», и я напомню за сутки и за два часа и пришлю файл для календаря. Организаторам: /new_event, /my_events.

## Список

events-list-city = 📅 <b>Ближайшие события — { $place }</b>
    Ваш город, вся страна и онлайн-события. Время указано по вашему часовому поясу.
events-list-country = 📅 <b>Ближайшие события — { $place }</b>
    Вся ваша страна и онлайн-события.
events-list-online = 💻 <b>Онлайн-события</b>
    Для вашей страны и для всех стран.
events-list-tags = ⭐ <b>Для вас</b>
    События для ваших профессий и интересов (изменить их можно в /profile).
events-list-mine = 🎟 <b>Мои события</b>
    Куда вы идёте или где ждёте места.
events-list-empty = Здесь пока нет событий. Загляните в другую вкладку или в местные группы: встречи часто объявляют там.
events-empty-announcements = 🔔 Сообщать о новых событиях
events-list-range = Показаны { $first }–{ $last } из { $total }.
events-your-country = ваша страна
events-your-place-unknown = везде
events-line = { $number }. { $star }<b>{ $title }</b> — { $when } · { $where }
events-line-online = онлайн
events-scope-city = 🏙 Мой город
events-scope-country = 🗺 Моя страна
events-scope-online = 💻 Онлайн
events-scope-tags = ⭐ Для меня
events-scope-mine = 🎟 Мои события
events-page-back = ◀️ Назад
events-page-next = Ещё ▶️
events-to-list = 📅 Все события

## Карточка

events-card-title = <b>{ $title }</b>
events-card-description = { $description }
events-when-local = 🗓 { $when } (часовой пояс: { $zone })
events-when-yours = 🗓 { $when } по вашему времени · { $zone }: { $local }
events-duration = ⏱ { $duration }
events-place = 📍 { $where }
events-place-online = 💻 Онлайн — ссылка придёт, когда вы нажмёте «Пойду»
events-place-online-link = 💻 Онлайн: { $link }
events-tags = 🏷 { $tags }
events-seats-unlimited = 👥 Идут: { $going } · без ограничения мест
events-seats-free = 👥 Свободно мест: { $free } из { $capacity }
events-seats-full = 👥 Все { $capacity } мест заняты — можно встать в лист ожидания
events-you-going = ✅ Вы идёте.
events-you-waitlist = 🕒 Вы { $position }-й в листе ожидания: если место освободится, оно ваше — я сообщу.
events-you-declined = Вы ответили, что не сможете.
events-status-pending = ⏳ Ждёт модератора — участники его пока не видят.
events-status-rejected = ❌ Модераторы не одобрили это событие.
events-status-cancelled = ❌ <b>Отменено организатором.</b>
events-going = ✅ Пойду
events-not-going = 🙅 Не смогу
events-ics = 📅 В календарь
events-open = 🔎 Открыть событие
events-manage = ⚙️ Управление
events-back-to-list = ⬅️ К событиям
events-ics-caption = 📅 «{ $title }» для календаря: откройте файл, чтобы добавить событие. Если его перенесут, я пришлю новый файл.

events-answer-going = ✅ До встречи! Напомню за сутки и за два часа.
events-answer-waitlist = 🕒 Все места заняты: вы { $position }-й в листе ожидания. Освободится место — оно ваше, я сообщу.
events-answer-declined = Записал: вы не пойдёте. Ваше место достанется следующему в очереди.

events-gone = Это событие недоступно: его удалили или ещё не одобрили.
events-is-cancelled = Это событие отменено.
events-started = Событие уже началось — ответы закрыты.
events-over = Событие уже закончилось.

## Уведомления

events-notice-remind-24h = ⏰ <b>Завтра: { $title }</b>
    { $when }
    { $place }
    Не получается прийти? Нажмите кнопку ниже, и ваше место достанется следующему в очереди.
events-notice-remind-2h = ⏰ <b>Через два часа: { $title }</b>
    { $when }
    { $place }
events-notice-promoted = 🎉 <b>Освободилось место — вы идёте на «{ $title }»</b>
    { $when }
    { $place }
    Если всё-таки не сможете, нажмите кнопку ниже, чтобы место досталось следующему.
events-notice-moved = 🔁 <b>«{ $title }» перенесли</b>
    Новое время: { $when }
    { $place }
    Обновите файл календаря кнопкой ниже. Если новое время вам не подходит, нажмите «Не смогу».
events-notice-cancelled = ❌ <b>«{ $title }» отменено</b> организатором ({ $when }). Очень жаль.
events-notice-message = ✉️ <b>От организатора «{ $title }»</b> ({ $when }):

    <blockquote>{ $message }</blockquote>
    Ответить на это сообщение нельзя; ваши контакты организатор не видит.

## Организатор: новое событие

events-new = ➕ Новое событие
events-organised = 🗂 Я организую
events-new-intro = ➕ <b>Новое событие.</b> Несколько вопросов; перед публикацией событие проверит модератор. /cancel — остановиться в любой момент.
events-ask-title = Как оно называется? (3–120 символов, например «Завтрак дизайнеров»)
events-ask-description = Опишите в нескольких строках: что будет, для кого, что взять с собой (до 1500 символов). Отправьте «-», чтобы пропустить.
events-ask-format = Очно или онлайн?
events-format-offline = 📍 Очно
events-format-online = 💻 Онлайн
events-ask-country = Для какой страны? (Можно написать название.)
events-country-everyone = 🌍 Для всех стран
events-ask-city = В каком городе? Время будет местным для этого города.
events-city-elsewhere = Другое место в этой стране
events-ask-zone = По какому времени вы будете указывать начало? Участники увидят его в своём часовом поясе.
events-ask-start = Когда начало? Напишите дату и время (часовой пояс: { $zone }).
    Например: <code>12.12 19:00</code>, <code>завтра в 18:30</code>, <code>в следующий четверг в 19</code>
events-start-check = 🗓 Я понял так: <b>{ $when }</b> (часовой пояс: { $zone }). Верно?
events-start-right = ✅ Да
events-start-retype = ✏️ Написать заново
events-ask-duration = Сколько длится? Выберите или напишите, например, <code>1:30</code>, <code>2 ч</code>, <code>90 мин</code>.
events-ask-venue = Где именно? Место и адрес (3–300 символов).
events-ask-link = Ссылка для участия (https://…, t.me/… или @канал). Её увидят только те, кто нажал «Пойду».
events-ask-prof = Для каких профессий? Выберите любые — или ни одной.
events-ask-int = Каких интересов касается? Выберите любые — или ни одного.
events-tags-done = ✅ Готово
events-tags-none = Без них — дальше
events-ask-capacity = Сколько мест? Выберите или напишите число. Когда места кончатся, новые участники встанут в лист ожидания.
events-capacity-unlimited = ♾ Без ограничения
events-ask-confirm = <b>Проверьте, пожалуйста:</b>

    { $card }

    Всё верно? Событие уйдёт модератору, потом его увидят участники.
events-submit = ✅ Отправить на проверку
events-change = ✏️ Изменить
events-change-what = Что изменить?
events-edit-title = Название
events-edit-description = Описание
events-edit-place = Место и часовой пояс
events-edit-start = Время начала
events-edit-duration = Длительность
events-edit-professions = Профессии
events-edit-interests = Интересы
events-edit-capacity = Места
events-edit-back = ⬅️ К сводке
events-wizard-cancelled = Отменено: событие не сохранено.
events-wizard-lost = Этот вопрос устарел. Начните заново из /events.
events-wizard-text-only = Жду текстовый ответ на вопрос ниже (или нажмите его кнопку).
events-wizard-command = Эта команда здесь не работает. Ответьте на вопрос ниже или /cancel, чтобы остановиться.
events-use-buttons = Пожалуйста, воспользуйтесь кнопками ниже.
events-draft-incomplete = Не хватает ответов. Начните заново: /new_event.
events-submitted = 📨 «{ $title }» отправлено модераторам. После одобрения его увидят участники; найти его можно в разделе «Я организую».

events-title-bad = Название — от 3 до 120 символов.
events-description-bad = Описание слишком длинное: не больше 1500 символов.
events-venue-bad = Укажите место и адрес: от 3 до 300 символов.
events-link-bad = Это не похоже на ссылку. Пришлите ссылку, начинающуюся с https://, или t.me/…, или @канал.
events-place-missing = Нужно место или ссылка.
events-zone-bad = Неизвестный часовой пояс; выберите место заново.
events-country-unknown = Не знаю такой страны. Нажмите кнопку или напишите название, например «Грузия».
events-city-unknown = Не знаю такого города в этой стране. Нажмите кнопку или «Другое место в этой стране».
events-out-of-scope = ⛔ Вы организуете события в других странах. Администратор может расширить вашу роль.
events-capacity-bad = Напишите число мест от 1 до 100000 — или нажмите «Без ограничения».
events-duration-bad = Не понял длительность. Например: <code>2</code>, <code>1:30</code>, <code>90 мин</code>, <code>2 ч</code>.
events-duration-range = Событие длится от 15 минут до 72 часов.
events-when-empty = Напишите дату и время, например <code>12.12 19:00</code>.
events-when-no-time = Добавьте время, например <code>12.12 19:00</code> или <code>завтра 19:00</code>.
events-when-bad-date = Такой даты нет. Сначала день, потом месяц: <code>12.12</code> — это 12 декабря.
events-when-not-understood = Не смог прочитать дату и время. Попробуйте <code>12.12 19:00</code>, <code>завтра в 18:30</code>, <code>в следующий четверг в 19</code> или <code>2026-12-12 19:00</code>.
events-when-past = Это время уже прошло. Укажите время в будущем.
events-when-too-far = Это больше чем через два года. Объявите ближе к дате.
events-when-no-such-time = В эту ночь там переводят часы вперёд, такого времени не будет. Выберите другое.

## Организатор: управление

events-organised-title = 🗂 <b>События, которые вы организуете</b> (предстоящие и прошедшие за две недели):
events-organised-none = У вас нет предстоящих событий и событий за последние две недели.
events-attendance = 📊 <b>Ответы</b>: идут { $going } · в листе ожидания { $waitlist } · не смогут { $declined }.
    Кто именно ответил, не показывается: приватность участников важнее.
events-attendance-message = ✉️ Ваше последнее сообщение: доставлено { $sent } из { $total }.
events-notice-attendance = 📋 <b>«{ $title }» закончилось — сколько человек пришло?</b> ({ $when })
    Собирались прийти: { $going }. Сохраняется только число, никогда — кто пришёл: так видно, как проходят встречи сообщества.
events-attendance-record = 📋 Сколько пришло?
events-attendance-ask = 📋 <b>Сколько человек пришло на «{ $title }»?</b>
    Собирались прийти: { $going }. Нажмите ответ или напишите число от 0 до { $limit }.
events-attendance-as-rsvp = 👥 Примерно сколько собиралось ({ $going })
events-attendance-zero = 🚫 Никто не пришёл
events-attendance-type = ✏️ Написать число
events-attendance-bad = Такое число не сохранить: напишите целое число от 0 до { $limit } (только цифры) или нажмите ответ ниже.
events-attendance-saved = ✅ Сохранено: пришло { $count }. Спасибо. Исправить число можно здесь же.
events-attendance-recorded = 📋 <b>Пришло</b>: { $count }.
events-attendance-not-over = ⏳ Сколько пришло, можно будет записать, когда событие закончится.
events-not-yours = ⛔ Это может только организатор этого события.
events-message = ✉️ Написать всем, кто идёт
events-move = 🔁 Перенести
events-cancel = ❌ Отменить событие
events-keep = ⬅️ Назад
events-message-ask = ✉️ Напишите короткое сообщение для всех, кто идёт ({ $going }), до { $limit } символов: другой зал, что взять с собой… Не больше 3 сообщений в день.
    Для большого анонса тем, кто ещё не ответил, используйте рассылку (её проверяет модератор).
events-message-cancel = ⬅️ Назад без отправки
events-message-bad = Сообщение — от 1 до { $limit } символов текста.
events-message-links = Сообщения участникам — только текст, без ссылок и @username: поэтому они уходят без проверки модератора. Если нужна ссылка, отправьте рассылку участникам события (/broadcast) — её сначала посмотрит модератор.
events-message-preview = <b>Вот что получат участники:</b>

    <blockquote>{ $text }</blockquote>
events-message-send = 📨 Отправить
events-message-queued = 📨 В очереди для { $count ->
        [one] { $count } человека
        [few] { $count } человек
       *[many] { $count } человек
    }. Они получат его в ближайшие минуты; число доставленных видно в «Управлении».
events-message-limit = Сегодня вы уже отправили 3 сообщения об этом событии. Для большего — рассылка.
events-message-closed = Сообщения можно отправлять только для опубликованных и ещё не закончившихся событий.
events-move-ask = 🔁 Сейчас начало: { $now } (часовой пояс: { $zone }). Напишите новую дату и время в том же поясе, например <code>13.12 19:00</code>.
events-move-keep = ⬅️ Оставить как есть
events-move-confirm = Перенести на <b>{ $when }</b> (часовой пояс: { $zone })? Все, кто идёт ({ $going }) и ждёт места, получат уведомление, напоминания сдвинутся, файл календаря обновится.
events-move-yes = 🔁 Да, перенести
events-move-same = Это и так текущее время.
events-move-closed = Это событие уже нельзя перенести.
events-moved = 🔁 Перенесено. Уведомляем: { $count }.
events-cancel-confirm = Отменить «{ $title }»? Все, кто идёт или ждёт места ({ $count }), получат уведомление. Это нельзя отменить.
events-cancel-yes = ❌ Да, отменить
events-cancelled = ❌ Отменено. Уведомляем: { $count }.

events-review-card = 📅 <b>Событие</b>

    { $card }
