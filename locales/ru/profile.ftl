# Карточка профиля.

profile-card = 👤 <b>Ваш профиль</b>
    Язык: { $language }
    Страна: { $country }
    Город: { $city }
    Профессии: { $professions }
    Интересы: { $interests }
    Новости и события: { $announcements }
    Уведомления о помощи рядом: { $alerts }
    Тихие часы: { $quiet }
profile-none = —
profile-on = вкл.
profile-off = выкл.
profile-quiet-window = { $start }–{ $end }
profile-quiet-off = Без тихих часов
profile-quiet-choose = 🌙 <b>Тихие часы</b>
    В эти часы (по вашему местному времени) я ничего не присылаю: рассылки и уведомления придут позже.
profile-saved = ✅ Сохранено.
profile-no-cities = Для вашей страны списка городов пока нет.
profile-edit-language = 🌐 Язык
profile-edit-country = 📍 Страна
profile-edit-city = 🏙 Город
profile-edit-professions = 💼 Профессии
profile-edit-interests = 🧭 Интересы
profile-edit-notify = 🔔 Новости и события: вкл./выкл.
profile-edit-alerts = 🤝 Уведомления о помощи: вкл./выкл.
profile-edit-quiet = 🌙 Тихие часы
