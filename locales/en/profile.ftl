# The profile card.

profile-card = 👤 <b>Your profile</b>
    Language: { $language }
    Country: { $country }
    City: { $city }
    Professions: { $professions }
    Interests: { $interests }
    News and events: { $announcements }
    Help alerts near you: { $alerts }
    Quiet hours: { $quiet }
profile-none = —
profile-on = on
profile-off = off
profile-quiet-window = { $start }–{ $end }
profile-quiet-off = No quiet hours
profile-quiet-choose = 🌙 <b>Quiet hours</b>
    During these hours (your local time) I send nothing: broadcasts and alerts arrive afterwards.
profile-saved = ✅ Saved.
profile-no-cities = There is no city list for your country yet.
profile-edit-language = 🌐 Language
profile-edit-country = 📍 Country
profile-edit-city = 🏙 City
profile-edit-professions = 💼 Professions
profile-edit-interests = 🧭 Interests
profile-edit-notify = 🔔 News and events on/off
profile-edit-alerts = 🤝 Help alerts on/off
profile-edit-quiet = 🌙 Quiet hours
