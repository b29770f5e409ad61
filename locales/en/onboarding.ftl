# Onboarding and the profile wizard.

setup-language = 🌐 Choose your language · Выберите язык
setup-country = 📍 <b>Which country are you in now?</b>
    Choose below, or type its name — in Russian or English.
setup-country-understood = 📍 Got it: <b>{ $country }</b>.
setup-country-did-you-mean = Did you mean one of these?
setup-country-not-found = I could not find that country. Try its name in English or Russian, for example “Georgia” or “Грузия”.
setup-city = 🏙 <b>Which city in { $country }?</b>
    Choose or type it. You can skip this.
setup-city-understood = 🏙 Got it: <b>{ $city }</b>.
setup-city-not-found = I do not know that city yet. Choose one below, or skip.
setup-city-skip = Skip ⏭
setup-professions = 💼 <b>What do you do?</b>
    Choose all that fit — communities and jobs are matched by profession. Then press “Done”.
setup-interests = 🧭 <b>What do you need or care about?</b>
    Choose all that fit, then press “Done”.
setup-notifications = 🔔 <b>Announcements</b>
    Would you like to receive announcements of events and news for your city and profession? You can change it any time in /profile.
setup-notify-yes = 🔔 Yes, send them
setup-notify-no = 🔕 No, thanks
setup-done = ✅ Done
setup-skip = Skip ⏭
setup-use-buttons = Please use the buttons below (or /cancel).
setup-finished = 🎉 <b>All set!</b> Here is your profile — change anything in /profile.

deeplink-unknown = ℹ️ Some parts of the link were not recognised and were ignored: { $parts }
deeplink-applied = 📍 From the link: { $place }.
setup-unknown-command = I do not know that command. Let us finish this step first — or /cancel, /menu.
deeplink-ask = 📍 This link is for: <b>{ $place }</b>. Your profile says: { $current }.
    Change your profile to the link's? This decides which groups, jobs and announcements you are shown.
deeplink-yes = ✅ Yes, change my profile
deeplink-no = ✖️ No, keep mine
deeplink-kept = Nothing changed: your profile stays as it was.
