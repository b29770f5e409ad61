# Сообщества: каталог проверенных групп, жалобы и предложения.

menu-communities = 🏘 Сообщества
cmd-communities = Группы для моего города и профессии
help-directory = <b>Сообщества</b>: /communities — проверенные группы для вашего города и профессии. Можно посмотреть группы другой страны или профессии, не меняя профиль, пожаловаться на плохую группу или предложить знакомую.

directory-header = 🏘 <b>Сообщества</b> · { $place } · { $field }
directory-shown = Группы { $first }–{ $last } из { $total }. Нажмите на группу, чтобы узнать о ней больше.
directory-none-in-city = Для города { $city } групп пока нет: вот группы для всей страны и без страны.
directory-list-line = { $number }. <b>{ $title }</b> · { $place }, { $kind }
directory-list-link-gone = ⚠️ ссылка, возможно, не работает
directory-empty = Здесь пока нет групп. Посмотрите всю страну, группы без страны или все профессии — или предложите группу, которую знаете: модератор её проверит, и следующий новичок найдёт её здесь.
directory-stale-button = Эта кнопка была на старом экране. Вот список в его нынешнем виде.
directory-place-everywhere = 🌍 без страны / онлайн
directory-place-online = 🌍 онлайн
directory-none = —

directory-card-title = <b>{ $title }</b>
directory-card-demo = <i>(демо)</i>
directory-card-place = 📍 { $place } · { $kind }
directory-card-languages = 🗣 { $languages }
directory-card-topics = 🏷 { $topics }
directory-card-verified = ✔️ Проверено модератором { $date }
directory-card-verified-long-ago = ⚠️ Модератор проверял группу { $date }, больше полугода назад: с тех пор что-то могло измениться. Если что-то не так, пожалуйтесь.
directory-card-unverified = ⚠️ Модератор ещё не проверял эту группу: будьте осторожны и пожалуйтесь, если что-то не так.
directory-card-link-gone = ⚠️ Автоматическая проверка не нашла эту группу: возможно, ссылка больше не работает.

directory-kind-chat = чат
directory-kind-channel = канал
directory-kind-forum = форум
directory-kind-external = вне Telegram
directory-status-pending = ждёт проверки
directory-status-published = в каталоге
directory-status-rejected = отклонена
directory-status-hidden = скрыта

directory-mod-link = 🔗 { $link }
directory-mod-professions = 💼 Профессии: { $value }
directory-mod-interests = 🧭 Интересы: { $value }
directory-mod-languages = 🗣 Языки: { $value }
directory-mod-status = Статус: { $status }
directory-mod-similar = ⚠️ Похожая: «{ $title }» { $link } ({ $status })
directory-mod-link-gone = ⚠️ Автоматическая проверка не нашла группу по ссылке.
directory-field-title = Название
directory-field-link = Ссылка
directory-field-description = Описание
directory-edit-empty = Это поле не может быть пустым.

directory-button-open = 🔗 Открыть группу
directory-button-report = 🚩 Пожаловаться
directory-button-previous = ◀️ Назад
directory-button-next = Дальше ▶️
directory-button-country = 🌍 Другая страна
directory-button-profession = 💼 Другая профессия
directory-button-mine = ↩️ Как в профиле
directory-button-propose = ➕ Предложить группу
directory-button-back = ⬅️ Назад
directory-button-to-list = ⬅️ К списку
directory-button-more-in = 🗺 Ещё в стране: { $country } ({ $count })
directory-button-any-profession = 💼 Все профессии
directory-choose-country = 🌍 Группы какой страны показать? Профиль при этом не меняется.
directory-choose-profession = 💼 Группы для какой профессии? Профиль при этом не меняется.
directory-filter-transnational = 🌍 Без страны / онлайн
directory-filter-any-profession = все профессии

directory-report-why = 🚩 Что не так с «{ $title }»? Модератор посмотрит. Кто пожаловался, никто не узнает.
directory-report-dead-link = 🔗 Ссылка не работает
directory-report-scam = 🚨 Мошенничество
directory-report-not-as-described = 🤷 Не соответствует описанию
directory-report-other = ✍️ Другое
directory-report-comment = ✍️ Опишите одним сообщением, что не так с «{ $title }» (до { $limit } символов).
directory-report-comment-too-long = Пожалуйста, уложитесь в { $limit } символов.
directory-report-thanks = 🙏 Спасибо — модератор посмотрит.
directory-report-hidden = На эту группу пожаловались несколько участников, поэтому она скрыта до решения модератора.
directory-report-already = Вы уже пожаловались на эту группу; модератор посмотрит.
directory-report-gone = Этой группы больше нет в каталоге.

directory-propose-link = ➕ <b>Предложить группу</b>
    Пришлите ссылку: <code>https://t.me/…</code> или <code>@username</code>. Модератор проверит заявку, прежде чем группу увидят участники. /cancel — отменить.
directory-propose-link-invalid = Это не похоже на ссылку Telegram. Пришлите <code>https://t.me/name</code>, приглашение <code>https://t.me/+…</code> или <code>@name</code> — или /cancel.
directory-propose-already-listed = Эта группа уже есть в каталоге: «{ $title }». Спасибо! Пришлите другую ссылку или отправьте /cancel.
directory-propose-already-waiting = Эту группу уже предложили («{ $title }»), она ждёт модератора. Пришлите другую ссылку или отправьте /cancel.
directory-propose-duplicate-link = Эта ссылка уже есть в каталоге или ждёт проверки.
directory-propose-country = 📍 Для какой страны эта группа? Выберите страну или напишите название.
directory-propose-city = 🏙 Какой город? Страна — { $country }. Или выберите «Вся страна».
directory-propose-whole-country = Вся страна
directory-propose-title = ✏️ Название группы, как его увидят участники (до { $limit } символов):
directory-propose-title-length = Название должно быть от { $min } до { $limit } символов.
directory-propose-similar = 🤔 Похожие группы:
    { $groups }
    Ваша — другая?
directory-propose-similar-line = • { $title }
directory-propose-different = Да, это другая группа
directory-propose-description = 📝 В нескольких предложениях: для кого группа и что в ней происходит? (до { $limit } символов)
directory-propose-description-length = Пожалуйста, напишите от { $min } до { $limit } символов.
directory-propose-kind = Что это за группа?
directory-propose-professions = 💼 Группа для определённых профессий? Выберите подходящие или пропустите шаг.
directory-propose-interests = 🧭 О чём эта группа? Выберите подходящее или пропустите шаг.
directory-propose-languages = 🗣 На каких языках там общаются? Выберите хотя бы один.
directory-propose-need-language = Выберите хотя бы один язык.
directory-propose-done = ✅ Готово
directory-propose-skip = Пропустить ⏭
directory-propose-confirm = 👀 <b>Проверьте заявку</b> · { $link }
directory-propose-send = 📨 Отправить на проверку
directory-propose-again = 🔁 Начать заново
directory-propose-stopped = Отменено, ничего не отправлено.
directory-propose-sent = 📨 Спасибо! «{ $title }» ждёт модератора; я напишу вам, когда будет решение.
directory-propose-too-many = Ваших заявок, которые ждут проверки: { $limit }. Пожалуйста, дождитесь решения модераторов.
