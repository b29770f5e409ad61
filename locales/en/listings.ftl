# What job offers and mutual-aid listings share: cards, statuses, reports, wizard buttons.

listing-place-remote = 🌍 Remote
listing-place-remote-button = 🌍 Remote, from anywhere
listing-place-anywhere = 🌍 Anywhere
listing-city-whole-country = The whole country
listing-wider-country = 🔎 Search the whole country
listing-wider-anywhere = 🔎 Search all countries
listing-country-understood = Got it: { $country }.
listing-country-did-you-mean = Did you mean one of these?
listing-country-not-found = I could not find that country. Type its name again or choose below.
listing-city-understood = Got it: { $city }.
listing-city-not-found = I do not know that city in this country. Choose one below, or "The whole country".

listing-dates = 🗓 Published { $published } · until { $expires }
listing-your-status = Status: { $status }
listing-status-pending = ⏳ waiting for a moderator
listing-status-published = ✅ published
listing-status-hidden = 🙈 hidden after reports, a moderator will look
listing-status-rejected = ⛔ not published
listing-status-closed = ✔️ closed
listing-status-expired = ⌛ expired

listing-scam-warning = ⚠️ <b>Be careful.</b> This listing mentions something scammers often ask for: { $reasons }. Never pay, send card details or documents before you have met and checked. See the safety tips below.

listing-open = 👀 Open
listing-renew = 🔁 Renew for 30 days
listing-close = ✅ Close
listing-replies = 💬 Replies
listing-report = 🚩 Report
listing-back-to-card = ⬅️ Back to the listing
listing-close-confirm = Close «{ $title }»? It disappears from the list; conversations already started stay open.
listing-close-yes = ✅ Yes, close it
listing-close-no = ⬅️ No, keep it
listing-closed = ✔️ Closed. Thank you for telling the community!
listing-renewed = 🔁 Renewed for 30 more days.
listing-already-closed = This listing is already closed.
listing-renew-not-yet = It is too early to renew: you will be asked 3 days before the end.
listing-cannot-renew = Only a published or an expired listing can be renewed.
listing-gone = This listing is no longer available.
listing-not-yours = ⛔ Only the author can do that.
listing-report-own = You cannot report your own listing.
listing-report-choose = 🚩 What is wrong with this listing? Your report is anonymous: the author never learns who sent it.
listing-reported = Thank you. A moderator will look at it. When several members report a listing, it is hidden until then.
listing-report-reason-scam = 🕵️ Looks like a scam
listing-report-reason-false = ❌ False or out of date
listing-report-reason-offensive = 🤬 Offensive
listing-report-reason-spam = 📢 Spam or advertising
listing-report-reason-other = ❓ Something else

listing-renew-prompt = ⏳ Your listing «{ $title }» ends on { $expires }. Is it still current? Renew it for 30 days, or close it if it is no longer needed.
listing-expired-notice = ⌛ Your listing «{ $title }» has expired and is no longer shown. If it is still current, renew it.

listing-text-too-short = That is too short: at least { $minimum } characters, please.
listing-text-too-long = That is too long: { $length } characters, at most { $maximum }. Please shorten it.
listing-no-contacts = Please do not put phone numbers, e-mails, @usernames or messenger links here: people answer through the bot, which keeps both of you private until you decide otherwise.
listing-draft-incomplete = Something in the draft is missing. Go back through the steps and check them.
listing-too-many-pending = You already have { $count } listings waiting for a moderator. Please wait until they are reviewed.

wizard-back = ⬅️ Back
wizard-cancel = ✖ Cancel
wizard-keep = ✔️ Keep this
wizard-done = ✅ Done
wizard-change-place = 📍 Change place
wizard-place-profile = 📍 Place: <b>{ $place }</b>, from your profile. For somewhere else, tap “📍 Change place”.
wizard-place = 📍 Place: <b>{ $place }</b>.
wizard-current-value = { $text }

    Now: <i>{ $value }</i>
    Send a new text to change it, or keep it.
wizard-use-buttons = Please use the buttons below (or ⬅️ Back, ✖ Cancel).
wizard-text-only = I need text here (or a button). Photos, stickers and files are not taken.
wizard-old-button = That button was from an earlier step. Here is where you are now:
