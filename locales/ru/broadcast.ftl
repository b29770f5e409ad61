# Рассылки: мастер организатора и управление, карточка модератора, кнопки получателя.

## Составление

bc-ask-content = 📣 <b>Новая рассылка</b>
    Пришлите текст так, как его должны увидеть участники — жирный, курсив и ссылки сохранятся. Можно вместо этого прислать фото или документ с подписью.
bc-content-kinds = Пришлите текст — или фото либо документ с подписью.
bc-text-empty = В рассылке нужен текст.
bc-text-long = Слишком длинно: здесь не больше { $limit } символов (остальное место занимает строка о том, кто отправил рассылку).
bc-media-bad = Это вложение не подходит. Пришлите фото или документ ещё раз.
bc-current-media = { $kind ->
    [photo] 🖼 Фото:
   *[other] 📎 Документ:
}
bc-ask-button = Добавить кнопку-ссылку? Пришлите её так: <code>Текст | https://example.org</code>, или нажмите «Пропустить».
bc-button-bad = Кнопка — это <code>Текст | https://example.org</code>: текст до 40 символов и ссылка http(s).
bc-url-bad = Ссылка выглядит неправильно: она должна начинаться с https:// (или быть ссылкой t.me либо @именем).
bc-text-mention = В сообщении человек упомянут скрытой ссылкой на его аккаунт. В рассылках так нельзя: напишите его публичный @username или не упоминайте его.
bc-skip = Пропустить
bc-wizard-cancelled = Рассылка отменена.

## Получатели

bc-segment = 👥 <b>Кто получит</b>
    { $segment }

    Сейчас её получат: <b>{ $count }</b> (из тех, кто согласился на рассылки).
    Уточните кнопками, затем посмотрите, как это будет выглядеть.
bc-dim-countries = 🗺 Страны
bc-dim-cities = 🏙 Города
bc-dim-professions = 💼 Профессии
bc-dim-interests = ⭐ Интересы
bc-dim-languages = 🗣 Языки
bc-dim-event = 📅 Участники события
bc-preview = 👁 Предпросмотр
bc-done = ✔️ Готово
bc-choose-countries = Выберите страны (любая из них):
bc-choose-cities = Выберите города (любой из них):
bc-choose-professions = Выберите профессии (любая из них):
bc-choose-interests = Выберите интересы (любой из них):
bc-choose-languages = Выберите языки (любой из них):
bc-choose-event = Только участники, которые идут на это событие:
bc-choose-nothing = Здесь нечего выбрать.
bc-seg-countries = Страны: { $values }
bc-seg-cities = Города: { $values }
bc-seg-professions = Профессии: { $values }
bc-seg-interests = Интересы: { $values }
bc-seg-languages = Языки: { $values }
bc-seg-event = Идут на: { $title }
bc-seg-everyone = Все, кто согласился на рассылки, во всех странах
bc-lang-ru = русский
bc-lang-en = английский
bc-countries-required = Выберите хотя бы одну из своих стран (или своё событие).
bc-out-of-scope = Рассылать можно только в страны, где вы организатор.
bc-event-not-yours = Писать можно только участникам своих событий.

## Подтверждение

bc-confirm = ☝️ Так участники увидят сообщение.
    { $segment }
    Сейчас его получат: <b>{ $count }</b>; у кого тихие часы, получат, когда они закончатся.
bc-submit = 📨 Отправить на проверку
bc-send-now = 🚀 Отправить сейчас (администратор)
bc-sign = ✍️ Подписать своим именем
bc-signed = ✅ Подписано вашим именем (нажмите, чтобы убрать)
bc-change-segment = 👥 Изменить получателей
bc-submitted = 📨 Отправлено на проверку. Модератор скоро посмотрит; о решении я сообщу здесь.
bc-sending-now = 🚀 Одобрено вами: рассылка отправляется. Ход отправки — в сообщении ниже.

## Ход рассылки

bc-progress = { $mark } <b>Рассылка</b> — { $status }
    { $segment }

    Отправлено: { $sent } из { $total } · не доставлено: { $failed } · осталось: { $pending } (ждут конца тихих часов: { $deferred })
    Осталось времени: { $eta }
bc-unsubscribe-reasons = Почему отписывались от рассылок (по всем рассылкам): { $reasons }
bc-status-draft = черновик
bc-status-pending = ждёт модератора
bc-status-approved = одобрена, начинается
bc-status-sending = отправляется
bc-status-paused = на паузе
bc-status-cancelled = отменена
bc-status-rejected = отклонена
bc-status-done = готово
bc-refresh = 🔄 Обновить
bc-pause = ⏸ Пауза
bc-resume = ▶️ Продолжить
bc-cancel = 🚫 Отменить
bc-mine = 📋 Мои рассылки
bc-new = ➕ Новая рассылка
bc-mine-title = 📋 <b>Ваши рассылки</b>
bc-mine-none = Вы ещё не делали рассылок.
bc-cancel-confirm = Отменить рассылку? Кто ещё не получил, уже не получит.
bc-cancel-yes = 🚫 Да, отменить
bc-cancel-no = ◀️ Нет, оставить
bc-pause-done = На паузе.
bc-resume-done = Продолжаем.
bc-cancel_ok-done = Отменено.
bc-not-yours = Это не ваша рассылка — или вы больше не организатор в её стране.
bc-not-running = Она сейчас не отправляется.
bc-not-paused = Она не на паузе.


## Сообщение автору о ходе отправки и отчёт

bc-notice-approved = ✅ Вашу рассылку «{ $title }» одобрил модератор, и она уже отправляется. Ход отправки — в сообщении ниже.
bc-live-starting = 📤 <b>«{ $title }»</b> — отправляется
    Составляем список получателей; через несколько секунд здесь появятся цифры.
bc-live = { $mark } <b>«{ $title }»</b> — { $status }
    Отправлено: <b>{ $sent }</b> из { $total } · недоступны: { $unreachable } · не удалось: { $failed }
    Ждут конца своих тихих часов: { $deferred }
bc-report = ✅ <b>«{ $title }» отправлена</b>
    Доставлено: <b>{ $sent }</b> из { $total }
    Недоступны (заблокировали бота): { $unreachable }
    Не удалось: { $failed }
    Отписались с тех пор: { $unsubscribed }
bc-report-cancelled = 🚫 <b>«{ $title }» отменена</b>
    Доставлено до остановки: <b>{ $sent }</b> из { $total }
    Недоступны (заблокировали бота): { $unreachable }
    Не удалось: { $failed }
    Отписались с тех пор: { $unsubscribed }

## Карточка модератора

bc-review-card = 📣 <b>Рассылка</b> — выше сообщение ровно в том виде, в каком его получат участники.
    { $links }

    { $segment }
    Сейчас её получат: { $count }

## Получатели

# Строка над каждой копией: кто пишет и почему участник это получил (обычный текст, без тегов).
bc-header-organisers = 📣 Организаторы сообщества: { $community }
bc-header-organisers-signed = 📣 { $name }, организатор сообщества: { $community }
bc-header-organisers-everyone = 📣 Организаторы Причала
bc-header-organisers-everyone-signed = 📣 { $name }, организатор Причала
bc-header-team = 📣 Команда Причала — сообществу: { $community }
bc-header-team-signed = 📣 { $name }, команда Причала — сообществу: { $community }
bc-header-team-everyone = 📣 Команда Причала
bc-header-team-everyone-signed = 📣 { $name }, команда Причала

bc-unsubscribe = 🔕 Отписаться
bc-unsubscribed-toast = Новости и события выключены.
bc-unsubscribed = 🔕 Готово: вы больше не будете получать новости и события.
    Нажали случайно? Нажмите «Отменить». Если хотите, расскажите почему: мы храним только число ответов, а не кто ответил.
bc-undo = ↩️ Отменить: получать новости и события дальше
bc-resubscribed = 🔔 Новости и события снова включены. Выключить их можно под любой рассылкой или в /profile.
bc-reason-too-many = Слишком много сообщений
bc-reason-not-relevant = Мне это не подходит
bc-reason-moved = Я переехал(а)
bc-reason-other = Другая причина
bc-reason-skip = Не хочу говорить
bc-reason-thanks = Спасибо.
bc-reason-unknown = Неизвестная причина.
bc-count = { $count ->
        [one] { $count } участник
        [few] { $count } участника
       *[many] { $count } участников
    }
bc-count-few = меньше { $limit } участников
bc-review-links = 🔗 <b>Ссылки в рассылке</b> ({ $count }) — куда они ведут на самом деле:
bc-review-link = • { $domain }
bc-review-link-lookalike = • ⚠️ <b>{ $domain }</b> — похож на другой, известный адрес (буквы-двойники): проверьте, прежде чем одобрять.
bc-review-link-disguised = • ⚠️ <b>{ $domain }</b> — а в тексте ссылки написано <b>{ $shown }</b>: ссылка замаскирована.
bc-review-no-links = 🔗 Ссылок в рассылке нет.
