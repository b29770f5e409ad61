# What job offers and mutual-aid listings share: cards, statuses, reports, wizard buttons.

listing-place-remote = 🌍 Remote
listing-place-remote-button = 🌍 Remote, from anywhere
listing-place-anywhere = 🌍 Anywhere
listing-city-whole-country = The whole country
listing-wider-country = 🔎 Search the whole country
listing-wider-anywhere = 🔎 Search all countries
listing-country-understood = Got it: { $country }.
listing-country-did-you-mean = Did you mean one of these?
listing-country-not-found = I couldn't find that country. Type its name again, or choose below.
listing-city-understood = Got it: { $city }.
listing-city-not-found = I don't know that city in this country. Choose one below, or tap “The whole country”.

listing-dates = 🗓 Published { $published } · until { $expires }
listing-your-status = Status: { $status }
listing-status-pending = ⏳ waiting for a moderator
listing-status-published = ✅ published
listing-status-hidden = 🙈 hidden after reports, a moderator will look
listing-status-rejected = ⛔ not published
listing-status-closed = ✔️ closed
listing-status-expired = ⌛ expired

listing-scam-warning = ⚠️ <b>Be careful.</b> This listing mentions something scammers often ask for: { $reasons }. Never pay or send card details or documents before you have met in person and checked. See the safety tips below.

listing-open = 👀 Open
listing-renew = 🔁 Renew for 30 days
listing-close = ✅ Close
listing-replies = 💬 Replies
listing-report = 🚩 Report
listing-back-to-card = ⬅️ Back to the listing
listing-close-confirm = Close “{ $title }”? It disappears from the list; conversations already started stay open.
listing-close-yes = ✅ Yes, close it
listing-close-no = ⬅️ No, keep it
listing-closed = ✔️ Closed. Thank you for letting us know.
listing-renewed = 🔁 Renewed for 30 more days.
listing-already-closed = This listing is already closed.
listing-renew-not-yet = It's too early to renew: I'll remind you 3 days before it ends.
listing-cannot-renew = Only a published or an expired listing can be renewed.
listing-gone = This listing is no longer available.
listing-not-yours = ⛔ Only the author can do that.
listing-report-own = You cannot report your own listing.
listing-report-choose = 🚩 What is wrong with this listing? Your report is anonymous: the author never learns who sent it.
listing-reported = Thank you, a moderator will look at it. When several members report a listing, it is hidden until the moderator decides.
listing-report-reason-scam = 🕵️ Looks like a scam
listing-report-reason-false = ❌ False or out of date
listing-report-reason-offensive = 🤬 Offensive
listing-report-reason-spam = 📢 Spam or advertising
listing-report-reason-other = ❓ Something else

listing-renew-prompt = ⏳ Your listing “{ $title }” ends on { $expires }. Is it still current? Renew it for 30 days, or close it if you no longer need it.
listing-expired-notice = ⌛ Your listing “{ $title }” has expired and is no longer shown. If it is still current, renew it.

listing-text-too-short = That is too short: at least { $minimum } characters, please.
listing-text-too-long = That is too long: { $length } characters, at most { $maximum }. Please shorten it.
listing-no-contacts = Please don't put phone numbers, emails, @usernames or messenger links here: people reply through the bot, which keeps you both private until you decide otherwise.
listing-draft-incomplete = Something is missing from the draft. Go back through the steps and check.
listing-too-many-pending = You already have { $count } listings waiting for a moderator. Please wait until they are reviewed.

wizard-change-place = 📍 Change place
wizard-place-profile = 📍 Place: <b>{ $place }</b>, from your profile. For somewhere else, tap “📍 Change place”.
wizard-place = 📍 Place: <b>{ $place }</b>.