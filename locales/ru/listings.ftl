# Общее для вакансий и взаимопомощи: карточки, статусы, жалобы, кнопки мастера.

listing-place-remote = 🌍 Удалённо
listing-place-remote-button = 🌍 Удалённо, из любой страны
listing-place-anywhere = 🌍 Везде
listing-city-whole-country = Вся страна
listing-wider-country = 🔎 Искать по всей стране
listing-wider-anywhere = 🔎 Искать во всех странах
listing-country-understood = Понял: { $country }.
listing-country-did-you-mean = Вы имели в виду одну из этих стран?
listing-country-not-found = Не нашёл такой страны. Напишите название ещё раз или выберите ниже.
listing-city-understood = Понял: { $city }.
listing-city-not-found = Такого города в этой стране я не знаю. Выберите ниже или нажмите «Вся страна».

listing-dates = 🗓 Опубликовано { $published } · до { $expires }
listing-your-status = Статус: { $status }
listing-status-pending = ⏳ ждёт модератора
listing-status-published = ✅ опубликовано
listing-status-hidden = 🙈 скрыто после жалоб, модератор посмотрит
listing-status-rejected = ⛔ не опубликовано
listing-status-closed = ✔️ закрыто
listing-status-expired = ⌛ срок истёк

listing-scam-warning = ⚠️ <b>Осторожно.</b> В объявлении есть то, о чём часто просят мошенники: { $reasons }. Не платите и не присылайте данные карты или документы, пока не встретились лично и всё не проверили. Советы по безопасности — ниже.

listing-open = 👀 Открыть
listing-renew = 🔁 Продлить на 30 дней
listing-close = ✅ Закрыть
listing-replies = 💬 Ответы
listing-report = 🚩 Пожаловаться
listing-back-to-card = ⬅️ К объявлению
listing-close-confirm = Закрыть «{ $title }»? Объявление исчезнет из списка, а начатые переписки останутся.
listing-close-yes = ✅ Да, закрыть
listing-close-no = ⬅️ Нет, оставить
listing-closed = ✔️ Закрыто. Спасибо, что сообщили.
listing-renewed = 🔁 Продлено ещё на 30 дней.
listing-already-closed = Это объявление уже закрыто.
listing-renew-not-yet = Продлевать пока рано: я напомню за 3 дня до конца срока.
listing-cannot-renew = Продлить можно только опубликованное или истёкшее объявление.
listing-gone = Этого объявления больше нет.
listing-not-yours = ⛔ Это может сделать только автор.
listing-report-own = На своё объявление пожаловаться нельзя.
listing-report-choose = 🚩 Что не так с объявлением? Жалоба анонимна: автор не узнает, кто её отправил.
listing-reported = Спасибо, модератор посмотрит. Если жалоб несколько, объявление скрывается до его решения.
listing-report-reason-scam = 🕵️ Похоже на мошенничество
listing-report-reason-false = ❌ Неправда или устарело
listing-report-reason-offensive = 🤬 Оскорбительно
listing-report-reason-spam = 📢 Спам или реклама
listing-report-reason-other = ❓ Другое

listing-renew-prompt = ⏳ Ваше объявление «{ $title }» действует до { $expires }. Оно ещё актуально? Продлите его на 30 дней или закройте, если оно больше не нужно.
listing-expired-notice = ⌛ Срок объявления «{ $title }» истёк, и его больше не видно в списке. Если оно ещё актуально, продлите его.

listing-text-too-short = Слишком коротко: нужно хотя бы { $minimum } символов.
listing-text-too-long = Слишком длинно: { $length } символов, можно не больше { $maximum }. Сократите, пожалуйста.
listing-no-contacts = Пожалуйста, без телефонов, почты, @username и ссылок на мессенджеры: вам ответят через бота, и вы оба останетесь анонимны, пока сами не решите иначе.
listing-draft-incomplete = В черновике чего-то не хватает. Вернитесь на шаг назад и проверьте.
listing-too-many-pending = Ваших объявлений, которые ждут модератора: { $count }. Подождите, пока их проверят.

wizard-change-place = 📍 Изменить место
wizard-place-profile = 📍 Место: <b>{ $place }</b>, из вашего профиля. Если это для другого места, нажмите «📍 Изменить место».
wizard-place = 📍 Место: <b>{ $place }</b>.