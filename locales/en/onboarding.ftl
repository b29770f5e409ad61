# Onboarding and the profile wizard.

setup-language = 🌐 Choose your language · Выберите язык
setup-country = 📍 <b>Which country are you in now?</b>
    Choose below or type its name, in English or Russian.
setup-country-understood = 📍 Got it: <b>{ $country }</b>.
setup-country-did-you-mean = Did you mean one of these?
setup-country-not-found = I couldn't find that country. Try its name in English or Russian, for example “Georgia” or “Грузия”.
setup-city = 🏙 <b>Which city in { $country } are you in?</b>
    Choose one or type its name. You can skip this step.
setup-city-understood = 🏙 Got it: <b>{ $city }</b>.
setup-city-not-found = I don't know that city yet. Choose one below, or skip this step.
setup-city-skip = Skip ⏭
setup-professions = 💼 <b>What do you do?</b>
    Choose all that fit: I use your profession to suggest communities and jobs. Then tap “Done”.
setup-interests = 🧭 <b>What do you need or care about right now?</b>
    Choose all that fit, then tap “Done”.
setup-notifications = 🔔 <b>News and events</b>
    Would you like news about events and the community for your city and profession? You can change this any time in /profile.
setup-notify-yes = 🔔 Yes, send them
setup-notify-no = 🔕 No, thanks
setup-done = ✅ Done
setup-skip = Skip ⏭
setup-use-buttons = Please use the buttons below (or send /cancel).
setup-finished = 🎉 <b>All set!</b> Here is your profile. You can change it any time in /profile.

deeplink-unknown = ℹ️ I didn't recognise part of the link and skipped it: { $parts }
deeplink-applied = 📍 From the link: { $place }.
setup-unknown-command = I don't know that command. Let's finish this step first — or send /cancel or /menu.
deeplink-ask = 📍 This link is for: <b>{ $place }</b>. Your profile says: { $current }.
    Update your profile to match the link? It decides which groups, jobs and listings I show you.
deeplink-yes = ✅ Yes, change my profile
deeplink-no = ✖️ No, keep mine
deeplink-kept = Nothing changed: your profile is as it was.
