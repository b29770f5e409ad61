# Единая очередь модерации: решения, апелляции, жалобы.

mod-item-gone = Этой заявки больше нет: её отозвали, удалили или уже рассмотрели.
mod-out-of-scope = ⛔ Эта заявка вне стран, которые вы модерируете.
mod-already-decided = Другой модератор уже принял решение по этой заявке.
mod-already-decided-by-you = Вы уже приняли решение по этой заявке.
mod-reason-required = Для отказа нужна причина: автор её увидит.
mod-appeal-not-rejected = Обжаловать можно только отклонённую заявку.
mod-appeal-once = Вы уже обжаловали это решение один раз.
mod-group-not-published = Эта группа не опубликована, поэтому её нельзя отметить проверенной.
mod-overdue-alert = ⏰ { $count ->
        [one] { $count } заявка ждёт
        [few] { $count } заявки ждут
       *[many] { $count } заявок ждут
    } в очереди модерации больше 48 часов (всего в очереди: { $total }). Откройте /mod.
mod-own-item = Это ваша собственная заявка: решение должен принять другой модератор.
mod-reports-closed = Жалобы на эту запись уже рассмотрены.
mod-kind-unavailable = Этот вид записей нельзя рассмотреть в этой версии бота.
mod-nothing-to-edit = В этой заявке нечего редактировать.

mod-kind-group = сообщество
mod-kind-faq = ответ базы знаний
mod-kind-job = вакансия
mod-kind-offer = объявление взаимопомощи
mod-kind-event = событие
mod-kind-broadcast = рассылка
mod-kind-relay = переписка
mod-scope-transnational = 🌍 без страны

mod-home-title = 🛡 <b>Модерация</b> · { $scope }
mod-home-pending = 📥 Ждут проверки: <b>{ $count }</b>
mod-home-kind = { "  " }· { $kind }: { $count }
mod-home-reports = 🚩 Записей с открытыми жалобами: { $count }
mod-home-stale = 🕸 Групп на перепроверку: { $count }
mod-home-all-clear = ✨ Всё разобрано: сейчас ничего не ждёт проверки. Спасибо.
mod-queue-empty = ✨ Очередь пуста.
mod-button-review = ▶️ Проверять, старые первыми ({ $count })
mod-button-reports = 🚩 Жалобы ({ $count })
mod-button-stale = 🕸 Группы на перепроверку ({ $count })
mod-button-refresh = 🔄 Обновить
mod-button-approve = ✅ Одобрить
mod-button-reject = ❌ Отклонить
mod-button-edit = ✏️ Исправить и одобрить
mod-button-drop = 🗑 Убрать из очереди
mod-button-next = ⏭ Следующая
mod-button-home = 🛡 Модерация
mod-button-back-to-item = ⬅️ К заявке
mod-button-keep = ✅ Оставить
mod-button-take-down = 🚫 Снять
mod-button-reports-list = ⬅️ Все жалобы
mod-button-open-link = 🔗 Открыть ссылку
mod-button-verified = ✔️ Проверено: всё в порядке
mod-button-hide = 🚫 Скрыть
mod-button-appeal = 📝 Обжаловать (один раз)

mod-item-header = 🛡 <b>{ $kind }</b> · { $scope } · { $position } из { $total }
mod-item-waiting = ⏳ Ждёт { $age }
mod-item-overdue = ⏰ <b>просрочено</b>
mod-item-flags = ⚠️ { $flags }
mod-item-appeal = 📝 <b>Апелляция</b> на отказ («{ $reason }»):
    <i>{ $appeal }</i>
mod-item-listing-gone = <i>Этой записи больше нет (удалена вместе с автором или вручную). Уберите заявку из очереди.</i>
mod-flag-similar-title = есть группа с похожим названием
mod-flag-previously-rejected = эту ссылку уже отклоняли
mod-flag-reported = скрыта после жалоб участников

mod-approved = ✅ Одобрено: «{ $title }».
mod-rejected = ❌ Отклонено: «{ $title }».
mod-author-told = Автору сообщили причину.
mod-reject-prompt = ❌ <b>Почему вы отклоняете «{ $title }»?</b>
    Напишите причину одним сообщением (до { $limit } символов). Автор её увидит, поэтому будьте доброжелательны и конкретны: что нужно изменить?
mod-reason-too-long = Получилось { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $limit }. Пожалуйста, сократите.
mod-edit-choose = ✏️ Что исправить в «{ $title }»? После правки вы снова увидите заявку и сможете её одобрить.
mod-edit-prompt = ✏️ <b>{ $field }</b> сейчас (нажмите, чтобы скопировать):
mod-edit-send = Пришлите исправленный текст (до { $limit } символов).
mod-value-too-long = Получилось { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а здесь можно не больше { $limit }.
mod-edit-saved = ✏️ Сохранено: { $field }.

mod-reports-title = 🚩 <b>Открытые жалобы</b>: { $count ->
        [one] { $count } запись
        [few] { $count } записи
       *[many] { $count } записей
    }, сначала те, на которые жалуются чаще. Авторы жалоб не показываются.
mod-reports-none = ✨ Открытых жалоб нет.
mod-reported-header = 🚩 <b>{ $kind }</b> · { $scope } · { $count ->
        [one] жалоба от { $count } участника
       *[other] жалобы от { $count } участников
    }
mod-reported-reasons = Причины: { $reasons }
mod-reported-comment = 💬 <i>{ $comment }</i>
mod-kept = ✅ Оставлено: «{ $title }»; жалобы закрыты.
mod-takedown-prompt = 🚫 <b>Почему вы снимаете «{ $title }»?</b>
    Напишите причину одним сообщением (до { $limit } символов); автор, если он известен, её увидит.
mod-taken-down = 🚫 Снято: «{ $title }».

report-reason-dead-link = ссылка не работает
report-reason-scam = мошенничество
report-reason-not-as-described = не соответствует описанию
report-reason-other = другое
report-reason-false = ложь или устарело
report-reason-offensive = оскорбительно
report-reason-spam = спам или реклама

mod-stale-header = 🕸 <b>Группа на перепроверку</b> · { $position } из { $total }
    Откройте ссылку: группа жива и соответствует описанию?
mod-stale-none = ✨ Перепроверять пока нечего.
mod-verified = ✔️ Отмечено как проверенное сегодня: «{ $title }».
mod-hidden = 🚫 Скрыто от участников: «{ $title }».

mod-notice-approved = ✅ Ваша заявка ({ $kind }) «{ $title }» одобрена модератором и теперь видна участникам. Спасибо!
mod-notice-rejected = ❌ Ваша заявка ({ $kind }) «{ $title }» не одобрена.
    <b>Причина от модератора:</b> { $reason }

    Можно исправить и отправить снова или один раз обжаловать, если вы считаете это ошибкой.
mod-notice-rejected-final = ❌ Ваша апелляция рассмотрена: заявка ({ $kind }) «{ $title }» остаётся неопубликованной.
    <b>Причина от модератора:</b> { $reason }
mod-appeal-prompt = 📝 Одним сообщением объясните модераторам, почему решение стоит изменить (до { $limit } символов). Или /cancel.
mod-appeal-sent = 📨 Апелляция в очереди: модератор посмотрит ещё раз, и я сообщу вам решение.
mod-reporter-record = 👤 Автор жалобы: аккаунту { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }; прежние жалобы: подтверждено { $upheld }, отклонено { $dismissed }{ $trusted ->
        [yes] .
       *[no] . <i>Не учитывается при скрытии</i> (новый аккаунт или отклонённые жалобы).
    }
report-too-many = Сегодня вы уже отправили { $count } { $count ->
        [one] жалобу
        [few] жалобы
       *[many] жалоб
    } — это предел на день. Спасибо, модераторы их посмотрят. Новые жалобы можно будет отправить завтра.
mod-flag-scam = ⚠️ похоже на мошенничество: { $reason }
mod-flag-report = 🚩 жалоба: { $reason }
mod-button-clear-flag = ✖️ Не мошенничество: { $flag }
mod-flag-cleared = ✖️ Предупреждение снято: «{ $flag }». Участники его не увидят.
mod-flag-gone = Этого предупреждения у заявки уже нет.
mod-button-ban = 🚫 Заблокировать участника
mod-ban-prompt = 🚫 Заблокировать участника, стоящего за «{ $title }»? Заявка будет отклонена с вашей причиной, его объявления и переписки сразу закроются, а тем, кто ему писал, придёт уведомление. Его Telegram id сохранится в виде хеша с секретным ключом, поэтому удаление данных блокировку не снимет.
    Напишите причину (до { $limit } символов) или вернитесь назад.
mod-banned = 🚫 Заблокирован. Закрыто переписок и отправлено уведомлений: { $closed }.
mod-ban-nobody = Здесь некого блокировать: нельзя понять, на кого жалоба, или участника уже нет.
mod-ban-staff = Сотрудников нельзя заблокировать из очереди: сначала администратор должен снять с них роли.
