# Бот в группах сообщества: проверка новичков, приветствие, антиспам, жалобы, общие баны.

chats-added-by-stranger = Добавить меня может только администратор группы. Я выхожу; попросите администратора добавить меня.
chats-hello = 👋 Привет! Я «Причал»: встречаю новичков, подсказываю, где помощь сообщества, и не пускаю спам и мошенников.
chats-hello-unlisted = Этой группы пока нет в каталоге сообщества: предложите её боту в личных сообщениях (/communities), и я свяжу её, когда модератор согласится.
chats-hello-linked = Похоже, это группа «{ $title }» из каталога: модератор подтвердит связь.
chats-hello-needs-rights = Чтобы защищать группу, мне нужны права администратора: удалять сообщения и ограничивать участников. Пока я только приветствую новичков.
chats-hello-can = Права у меня есть: новички проходят проверку в одно нажатие, спам и мошенничество удаляются.
chats-hello-settings = Администраторы: отправьте мне /groups в личные сообщения, чтобы настроить, что я здесь делаю.

chats-door-button = ✋ Я человек — дайте писать
chats-welcome-open-bot = 🧭 Помощь новичкам
chats-welcome-door = Добро пожаловать, { $name }! Нажмите кнопку ниже в течение { $seconds } секунд, чтобы писать здесь.
chats-welcome = Добро пожаловать, { $name }! Путеводитель сообщества по этому месту — в одно нажатие.
chats-door-not-yours = Эта кнопка для того, кого она приветствует.
chats-door-nothing = Здесь для вас больше ничего не ждёт.
chats-door-passed = ✅ Добро пожаловать! Теперь можно писать.
chats-request-door = Вы попросились в «{ $title }». Нажмите кнопку, чтобы подтвердить, что вы человек, — и заявка будет одобрена.
chats-request-approved = ✅ Заявка в «{ $title }» одобрена. Добро пожаловать!

chats-acted = 🛡 Я принял меры: { $reason }. Администраторы могут отменить это одним нажатием.
chats-reason-scam = известная мошенническая схема
chats-reason-links = ссылка от нового участника
chats-reason-forwards = пересылка из канала от нового участника
chats-reason-contacts = контакты от нового участника
chats-reason-promo = предложение «лёгкого заработка» от нового участника
chats-reason-flood = слишком много сообщений подряд
chats-reason-lookalike = имя, подражающее имени администратора
chats-reason-bot = бот, добавленный не администратором
chats-reason-report = жалоба участника
chats-reason-door = проверка новичка не пройдена вовремя
chats-reason-alliance = бан в союзной группе
chats-reason-spam = спам
chats-reason-reversed = отменено администратором
chats-reason-appeal = снято по апелляции
chats-undo-button = ↩️ Отменить (для администраторов)
chats-undo-nothing = Это действие уже нельзя отменить.
chats-undone = Отменено.
chats-undone-note = ↩️ Администратор отменил это действие.
chats-admins-only = Это могут только администраторы группы.
chats-button-stale = Эта кнопка больше не действует.

chats-report-how = Ответьте на сообщение, о котором хотите сообщить, командой /report.
chats-report-thanks = Спасибо: модераторы посмотрят. Жалоба анонимна.
chats-ban-how = Ответьте на сообщение командой /ban scam или /ban spam.
chats-ban-admin = Администратора так забанить нельзя.
chats-banned = 🚫 Забанен { $groups ->
        [one] в этой группе
       *[other] в союзных группах: { $groups }
    }. Решение записано, человек может обжаловать его через бота.
chats-ban-reason-scam = мошенничество
chats-ban-reason-spam = спам

chats-rsvp-go = ✅ Пойду
chats-rsvp-no = ❌ Не смогу
chats-rsvp-start = Чтобы ответить, сначала откройте бота в личных сообщениях (кнопка в приветствии группы): ваш ответ останется между вами и ботом.
chats-rsvp-going = ✅ Вы идёте. Это видите только вы и бот; подробности и напоминания придут в личные сообщения.
chats-rsvp-waitlist = ⏳ Мест нет: вы в листе ожидания. Это видите только вы и бот.
chats-rsvp-declined = Записали: вы не сможете. Это видите только вы и бот.

chats-groups-none = Вы не администрируете ни одной группы, где есть бот. Сначала добавьте бота в группу администратором.
chats-groups-list = Группы, которые вы администрируете. Выберите, чтобы настроить:
chats-settings-title = ⚙️ Настройки «{ $title }». Нажмите, чтобы переключить или изменить число.
chats-alliance-in = 🤝 В союзе { $alliance }: баны за мошенничество и спам общие.
chats-false-positives = Действий, отменённых администраторами: { $count }.
chats-setting-door_check = Проверка новичков
chats-setting-welcome = Приветствие
chats-setting-scam = Мошенничество
chats-setting-links = Ссылки
chats-setting-forwards = Пересылки из каналов
chats-setting-contacts = Контакты
chats-setting-promo = Лёгкий заработок
chats-setting-lookalike = Поддельные администраторы
chats-setting-flood = Флуд
chats-setting-door_seconds = ⏱ Время проверки: { $value } с
chats-setting-welcome_seconds = 🧹 Приветствие удаляется через { $value } с
chats-setting-newcomer_messages = ✉️ Новичок первые { $value } сообщений
chats-setting-newcomer_days = 📅 Новичок первые { $value } дн.
chats-alliance-join = 🤝 Вступить в союз
chats-alliance-leave = 🤝 Выйти из союза
chats-alliance-unavailable = Вступить в союз может только группа, которую модератор связал с каталогом.
chats-gone = Бот больше не знает эту группу.
chats-events-button = 📅 Опубликовать событие здесь
chats-back = ⬅️ Назад
chats-events-pick = Ваши одобренные события. Выберите, какое опубликовать (и закрепить) в группе:
chats-events-none = У вас нет одобренных предстоящих событий.
chats-events-refused = Это событие нельзя опубликовать здесь.
chats-events-posted = ✅ Опубликовано в группе.

chats-appeal-how = Напишите /appeal и почему вы считаете бан ошибкой — одним сообщением.
chats-appeal-sent = ✅ Апелляция отправлена модераторам. Ответ придёт сюда.
chats-appeal-none = На вас нет бана, который можно обжаловать, или вы уже подали апелляцию.

chats-mod-card = 💬 Сообщение в «{ $title }»
chats-mod-reason = Причина: { $reason }
chats-mod-state-held = Пока ничего не сделано. Одобрить: сообщение остаётся. Отклонить: оно удаляется, автор ограничивается в этой группе.
chats-mod-state-acted = Бот уже удалил его и ограничил автора. Одобрить: отменить это. Отклонить: забанить автора там и в союзе группы.
chats-mod-link = 🔗 Чат «{ $chat }» называет себя группой каталога «{ $entry }» ({ $link }). Одобрите, чтобы подтвердить связь.
chats-mod-appeal = 🙋 Апелляция на бан в союзе { $alliance } (за: { $reason }). Одобрите, чтобы снять бан везде.

mod-kind-chat-message = сообщение в группе
mod-kind-chat-link = связь группы
mod-kind-chat-ban = апелляция на бан в группах
mod-flag-bot-left = бот вышел из этой группы
mod-flag-rights-lost = бот потерял права в этой группе
mod-flag-layer-links = ссылка от нового участника
mod-flag-layer-forwards = пересылка из канала от нового участника
mod-flag-layer-promo = «лёгкий заработок» от нового участника
mod-flag-layer-contacts = контакты от нового участника
report-reason-group-message = сообщение в группе

chats-live-present = 🤖 Бот в группе — проверено { $date }
chats-live-members = 👥 Участников: { $count }
chats-live-gone = ⚠️ Бота больше нет в этой группе.

cmd-report = Пожаловаться на сообщение (ответом на него)
cmd-ban = Забанить за мошенничество или спам (ответом на сообщение)
