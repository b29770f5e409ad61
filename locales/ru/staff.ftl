# Команда: «/»-меню каждой роли, вход для команды в главном меню, уведомления об очереди.

cmd-mod = Очередь модерации
cmd-faq_admin = База знаний: проверка и покрытие
cmd-new_event = Объявить событие
cmd-my_events = Мои события
cmd-broadcast = Написать выбранным участникам
cmd-my_broadcasts = Мои рассылки и как они идут
cmd-stats = Цифры на графике
cmd-grant = Дать роль
cmd-revoke = Забрать роль
cmd-staff = У кого какая роль
cmd-export = Выгрузить группы и базу знаний

menu-staff = 🧰 Инструменты команды
staff-hub = 🧰 <b>Инструменты команды</b> · { $roles }
    Ваши команды: { $commands }
staff-tool-queue = 🛡 Очередь модерации
staff-tool-faq = 📚 База знаний
staff-tool-my-events = 📅 Мои события
staff-tool-new-event = ➕ Новое событие
staff-tool-broadcasts = 📣 Мои рассылки
staff-tool-new-broadcast = ✍️ Новая рассылка

mod-notice-new = 📥 { $count ->
        [one] { $count } новая заявка ждёт
        [few] { $count } новые заявки ждут
       *[many] { $count } новых заявок ждут
    } проверки в ваших странах:
mod-notice-reports = жалобы на объявления
mod-notice-open = 🛡 Открыть очередь
