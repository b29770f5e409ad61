# Mutual aid: offers and requests.

menu-aid = 🤝 Mutual aid
cmd-aid = Mutual aid: ask for help or offer it
aid-help = <b>Mutual aid</b>: /aid — ask for help (a bed for a few nights, advice, translation, paperwork, things, rides, childcare) or offer it. When someone asks for what you offer, I can tell you (turn on “Help alerts” in /profile). Replies go through the bot.

aid-home = ⬅️ Mutual aid
aid-home-text = 🤝 <b>Mutual aid</b>
    Ask for help or offer it, in your country and city. A moderator checks every listing. Replies go through the bot: nobody sees your name or contacts until you choose to share them.
aid-need = 🙋 I need help
aid-give = 🤲 I can help
aid-browse-requests = 🔎 Who needs help
aid-browse-offers = 🔎 Who offers help
aid-mine = 📋 My requests and offers
aid-back-mine = ⬅️ My requests and offers
aid-back-list = ⬅️ Back to the list
aid-mine-text = 📋 <b>Your requests and offers</b>
aid-mine-none = 📋 You have no requests or offers yet.

aid-filter-request = Requests: { $place } · { $category }
aid-filter-offer = Offers: { $place } · { $category }
aid-any-category = any kind of help
aid-list = 🤝 <b>{ $filter }</b>
    Found: { $total }. Tap a listing to open it.
aid-list-empty = 🤝 <b>{ $filter }</b>
    Nothing here yet. Ask for help or offer it: people nearby will see it, and I'll tell those who can help. Local groups may know more.
aid-pick-place = 📍 Country
aid-pick-city = 🏙 City
aid-pick-category = 🧩 Kind of help
aid-pick-place-text = 📍 Which country?
aid-pick-city-text = 🏙 Which city? Listings for the whole country are shown too.
aid-pick-category-text = 🧩 What kind of help?

aid-card-request = 🙋 <b>{ $title }</b>
    🧩 { $category } · 📍 { $place }
    ⏱ Needed: { $urgency }

    { $description }
aid-card-offer = 🤲 <b>{ $title }</b>
    🧩 { $category } · 📍 { $place }

    { $description }
aid-urgency-today = 🔥 today
aid-urgency-week = this week
aid-urgency-whenever = no rush
aid-respond-request = ✉️ I can help
aid-respond-offer = ✉️ Ask for this help
aid-moderator-header = 🤝 <b>Mutual aid #{ $id }</b>

aid-notice-request = 🤝 <b>Someone near you needs the help you offer</b>

    <b>{ $title }</b> — { $category }, { $place }

    You are getting this because “Help alerts” are on in /profile.
aid-notice-offer = 🤝 <b>Someone near you offers the help you asked for</b>

    <b>{ $title }</b> — { $category }, { $place }

    You are getting this because “Help alerts” are on in /profile.

aid-wizard-intro-request = 🙋 <b>Ask for help</b> — a few short steps. A moderator checks your listing before it is published. People reply through the bot, so please don't put contacts in the text.
aid-wizard-intro-offer = 🤲 <b>Offer help</b> — a few short steps. A moderator checks your listing before it is published. People write to you through the bot, so please don't put contacts in the text.
aid-wizard-category-request = What do you need help with?
aid-wizard-category-offer = What can you help with?
aid-wizard-title-request = In a few words: what do you need? (up to { $maximum } characters, e.g. “A bed for 3 nights in Batumi”)
aid-wizard-title-offer = In a few words: what do you offer? (up to { $maximum } characters, e.g. “I translate documents from Georgian”)
aid-wizard-description-request = Tell us a bit more: when, for how long, anything important (up to { $maximum } characters).
aid-wizard-description-offer = Tell us a bit more: what exactly, when you can, on what terms (up to { $maximum } characters).
aid-wizard-place = Which country? Choose one or type its name.
aid-wizard-city = Which city in { $country }? Choose one, type its name, or tap “The whole country”.
aid-wizard-urgency = How urgent is it?
aid-wizard-preview = 👀 <b>This is how members will see it:</b>

    { $card }

    Send it to a moderator?
aid-wizard-submit = 📨 Send to moderation
aid-wizard-cancelled = Cancelled: nothing was saved.
aid-wizard-submitted = 📨 Sent to a moderator. I'll tell you when it is published. Replies will reach you here, through the bot.
