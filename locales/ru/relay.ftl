# Связь через бота: стороны не видят, кто есть кто.

relay-write-first = ✉️ Напишите сообщение автору (только текст, до { $maximum } символов). Я передам его <b>без вашего имени, @username и профиля</b>; автор ответит здесь, через меня. Показать свой @username можно потом, если захотите. Если кто-то из вас пожалуется на переписку, её прочитают модераторы.
relay-write-reply = ✉️ Напишите ответ в переписке №{ $thread } (только текст, до { $maximum } символов). Он уйдёт без вашего имени и @username.
relay-cancelled = Отменено: ничего не отправлено.
relay-sent = ✅ Доставлено — без вашего имени и @username. Ответ придёт сюда.
relay-write-more = ✍️ Написать ещё
relay-open = 💬 Переписка
relay-text-only = Через бота можно отправить только текст: фото, файлы и голосовые могут выдать, кто вы. Напишите сообщение или отмените.
relay-empty = Сообщение пустое. Напишите текст.
relay-too-long = Получилось { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $maximum }. Сократите, пожалуйста.
relay-undeliverable = 😔 Не получилось доставить: другая сторона сейчас недоступна. Ваши данные не раскрыты.
relay-gone = Этой переписки больше нет.
relay-not-yours = ⛔ Это не ваша переписка.
relay-own-listing = Это ваше собственное объявление.
relay-listing-closed = Объявление закрыто: новую переписку по нему начать нельзя.
relay-blocked = Переписка закрыта: писать в неё больше нельзя.
relay-wait-for-answer = Вы отправили несколько сообщений подряд ({ $count }) — дождитесь ответа.
relay-too-many-today = Сегодня вы начали уже { $count } { $count ->
        [one] переписку
        [few] переписки
       *[many] переписок
    } — продолжите завтра.
relay-listing-gone = удалённое объявление

relay-incoming-for-author = ✉️ <b>Ответ на ваше объявление «{ $title }»</b> (переписка №{ $thread })

    { $text }

    <i>Через Причал: вы не видите, кто написал, а он не видит, кто вы.</i>
relay-incoming-for-responder = ✉️ <b>Автор «{ $title }» отвечает</b> (переписка №{ $thread })

    { $text }

    <i>Через Причал: никто из вас не видит имени и контактов другого.</i>

relay-reply = ↩️ Ответить
relay-reveal = 🙋 Показать мой @username
relay-block = 🚫 Заблокировать
relay-unblock = ↩️ Разблокировать
relay-report = 🚩 Пожаловаться
relay-open-listing = 📄 Объявление
relay-not-now = ⬅️ Назад

relay-reveal-confirm = 🙋 Показать ваш @username в Telegram другой стороне переписки №{ $thread }? Вам смогут написать напрямую. Отменить это нельзя.
relay-reveal-yes = ✅ Да, показать @username
relay-no-username = У вас нет имени пользователя (@username) в Telegram, показывать нечего. Задать его: Telegram → Настройки → Имя пользователя. Или продолжайте общаться здесь, через бота.
relay-revealed = 🙋 Другая сторона переписки №{ $thread } («{ $title }») решила показать вам свой Telegram: { $username }
relay-reveal-done = ✅ Ваш @username отправлен другой стороне.
relay-block-confirm = 🚫 Заблокировать эту переписку? Писать в неё не сможет никто. Другой стороне причину не сообщат.
relay-block-yes = 🚫 Да, заблокировать
relay-block-done = 🚫 Заблокировано: сообщений в этой переписке больше не будет.
relay-unblock-done = ↩️ Разблокировано.
relay-report-choose = 🚩 Что случилось? Модераторы прочитают переписку; другой стороне не скажут, кто пожаловался.
relay-report-reason-scam = 🕵️ Мошенничество или просят денег
relay-report-reason-abuse = 🤬 Оскорбления или угрозы
relay-report-reason-spam = 📢 Спам или реклама
relay-report-reason-other = ❓ Другое
relay-report-done = 🚩 Спасибо: модератор посмотрит. Пока переписка заблокирована.

relay-threads = 💬 <b>Ответы на «{ $title }»</b>: { $count }
relay-thread-label = 💬 Переписка №{ $thread }
relay-thread-header = 💬 <b>Переписка №{ $thread }</b> по «{ $title }» — вы { $role }.
relay-role-author = автор
relay-role-responder = откликнувшийся
relay-line-mine = <i>Вы, { $at }:</i> { $text }
relay-line-theirs = <i>Собеседник, { $at }:</i> { $text }
relay-thread-empty = Сообщений пока нет.
relay-thread-blocked-by-me = 🚫 Вы заблокировали эту переписку.
relay-thread-closed = 🚫 Эта переписка закрыта.
relay-moderator-header = 🚩 <b>Жалоба на переписку №{ $thread }</b> по «{ $title }»
    Пожаловался: { $reported_by }
    Одобрить — нарушений нет (жалобы закрываются). Отклонить — нарушение (переписка закрывается для обоих).
relay-moderator-line = <i>{ $side }:</i> { $text }
relay-not-available = 🚫 Это объявление больше недоступно: сообщение не отправлено.
relay-closed-listing-gone = 🚫 «{ $title }» больше недоступно: модератор закрыл объявление и переписку по нему. Больше ничего не будет доставлено. Если вам напишут о нём в другом месте, не отправляйте ни денег, ни документов, ни адреса.
relay-closed = 🚫 Модератор закрыл вашу переписку о «{ $title }»: больше в ней ничего не будет доставлено.
