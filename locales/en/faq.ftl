# The knowledge base: documents and banks (members), and its moderators' screens.

menu-faq = 📚 Documents and banks
cmd-ask = Ask about documents, banks, visas
help-faq = <b>Documents and banks</b>: just type your question in your own words — “how to open a bank account”, “ВНЖ в Сербии”, typos and translit are fine — or send /ask. Every answer shows its sources with their dates and when it was last checked against them. In any chat: type @, the bot's name, then your question.

## Asking
faq-home = 📚 <b>Documents and banks</b>
    Answers about visas, residence permits, banks, taxes and more — each with its sources and the date it was last checked against them.
    Type your question in your own words, or choose a topic.
faq-topics-of = Topics for { $country }, and the ones that apply everywhere:
faq-topics-none-for = There are no answers for { $country } yet. Here are the ones that apply everywhere — or choose another country.
faq-topics-global-only = Topics that apply in every country (set your country in /profile to see its own):
faq-choose-country = Which country?
faq-global-topics = Every country
faq-everywhere = Every country
faq-not-a-question = Type your question in a few words, for example: “how to open a bank account in Georgia”. Or open /menu.
faq-greeting = 👋 Hello! I'm Prichal: I help you find your people and your way around in a new country. Choose a section below, or just type a question in a few words — for example, “how to open a bank account”.
faq-greeting-new = 👋 Hello! I'm Prichal: I help people who have just moved find their people and their way around.
faq-maybe = I'm not sure I found the right answer. Maybe one of these?
faq-no-answer = I don't have an answer to this yet. Browse the topics, or try asking in other words.
faq-groups-offer = { $count ->
        [one] People in this group help each other with documents and banks — real people answer there:
       *[other] People in these groups help each other with documents and banks — real people answer there:
    }
faq-ask-volunteers-offer = I can pass your question to the volunteers who keep the answers — without your name.
faq-button-ask-volunteers = 🙋 Pass my question to the volunteers
faq-ask-volunteers-stale = This question has already been passed on, or it is too old. Please ask it again.
faq-gap-passed = I've passed your question to the volunteers ({ $country }) without your name. They go through such questions once a week. Nobody will message you personally: when there is an answer, it will be here — ask again in a week or two.
faq-gap-not-passed = A similar question of yours is already waiting for the volunteers — no need to pass it again. When there is an answer, it will be here.
faq-unhelpful-groups = Sorry this didn't help. The volunteers will see your rating and look at the answer again. Meanwhile, ask real people — these groups help with documents and banks:
faq-unhelpful-no-groups = Sorry this didn't help. The volunteers will see your rating and look at the answer again. Browse the other topics, or try asking in other words.

## A person in crisis
faq-crisis-distress = I'm so sorry you are going through this. You are not alone, and you can get through this — one step at a time.
faq-crisis-danger = I'm so sorry this is happening to you. Your life and safety matter more than any documents. If you are in danger right now, call the emergency number.
faq-crisis-lines-of = <b>Who to call — { $country }:</b>
faq-crisis-emergency = 🆘 Emergency: <b>{ $number }</b>
faq-crisis-line = 📞 <b>{ $phone }</b> — { $what }
faq-crisis-no-country = Set your country in /profile and I'll show the emergency and support lines where you are. The “Psychological help” topic lists the lines by country.
faq-crisis-groups = People who have moved too support each other here:
faq-note-country = <i>Answers for { $country }, the country in your question.</i>
faq-entry-gone = This answer is no longer available. Ask again, or open /menu.

## The answer card
faq-card-sources = 🔗 Sources:
faq-card-checked = 🔎 Checked against the sources on { $date }
faq-card-confirmed = ✅ Confirmed by a moderator on { $date }
faq-card-overdue = ⏳ Due for a re-check (since { $date }): check the source before any important step.
faq-card-where = 📍 <b>Where:</b>
faq-card-cost = 💰 <b>Cost:</b>
faq-card-timeline = ⏱ <b>How long:</b>
faq-card-steps = 📋 <b>What to do:</b>
faq-card-documents = 📄 <b>Documents:</b>
faq-card-caveats = ⚠️ <b>Keep in mind:</b>
faq-button-more = 📖 More: steps, documents, caveats
faq-card-disclaimer = <i>This is not legal advice: check the source, and ask a lawyer about your own case.</i>
faq-card-helpful = Did this help?
faq-vote-yes = 👍 Yes
faq-vote-no = 👎 No
faq-thanks-helpful = Thank you! Glad it helped.
faq-thanks-unhelpful = Thank you — the volunteers will take another look at this answer.
faq-button-topics = 📚 Topics
faq-button-other-country = 🌍 Another country
faq-button-moderate = 🛠 Moderate this answer

## Moderators
faq-admin-home = 🛠 <b>Knowledge base</b> · { $scope }
    To review: { $due } · Questions without a good answer: { $gaps }
faq-admin-due-button = 🕒 To review ({ $count })
faq-admin-gaps-button = ❔ Gaps ({ $count })
faq-admin-coverage-button = 📊 Coverage
faq-admin-entries-button = 📄 Entries
faq-admin-new-button = ➕ New entry
faq-admin-to-home = 🛠 Knowledge base
faq-admin-back = ⬅️ Back
faq-admin-due-title = 🕒 <b>Due for review</b>: { $count } { $count ->
        [one] entry whose review date is near or past
       *[other] entries whose review date is near or past
    }. Open each, compare it with its sources and confirm — or correct it.
faq-admin-due-empty = 🕒 No entry of your countries is due for review yet.
faq-admin-never-verified = not confirmed by a moderator yet
faq-admin-review-was = review by { $date }
faq-admin-review-overdue = overdue since { $date }
faq-admin-no-review-date = no review date
faq-admin-gaps-title = ❔ <b>Knowledge gaps</b>: { $count } — questions members asked that got no good answer, or answers they marked 👎. Similar questions are grouped.
faq-admin-gaps-empty = ❔ No open knowledge gaps in your countries.
faq-admin-gap-no-match = <b>{ $number }.</b> { $place } · no answer · asked by { $count } · last { $last }
faq-admin-gap-unhelpful = <b>{ $number }.</b> { $place } · 👎 on { $entry } · by { $count } · last { $last }
faq-admin-gap-close = ✖ Close { $number }
faq-admin-gap-write = ➕ Answer { $number }
faq-admin-gap-closed = Closed. { $count ->
        [one] The question was deleted.
       *[other] The { $count } questions were deleted.
    }
faq-admin-gap-gone = This gap is already closed.
faq-admin-coverage-title = 📊 <b>Coverage</b> — entries, due 🕒, overdue ⏳, unanswered questions ❔. Open a country below.
faq-admin-coverage-line = { $place }: { $entries }/{ $total } · 🕒 { $due } · ⏳ { $overdue } · ❔ { $gaps }
faq-admin-coverage-of = 📊 <b>{ $place }</b> by topic:
faq-admin-cell-due = review by { $date }
faq-admin-cell-overdue = overdue since { $date }
faq-admin-cell-unhelpful = 👎 { $count }
faq-admin-coverage-gaps = ❔ Questions without a good answer: { $count }
faq-admin-coverage-legend = <i>✅ in date · 🕒 review soon · ⏳ overdue · 📝 draft · ➖ no entry</i>
faq-admin-coverage-more = …and { $count } more { $count ->
        [one] country
       *[other] countries
    }: open 📄 Entries for each.
faq-admin-choose-country = Which country?
faq-admin-entries-of = 📄 Entries of { $place }:
faq-admin-no-such-entry = There is no entry { $slug }. Slugs look like ge/bank-account or global/apostille.
faq-admin-meta = 🛠 <code>{ $slug }</code> · { $status } · volatility: { $volatility }
    { $verified } · review by { $review }
    Shown { $shown } · 👍 { $helpful } · 👎 { $unhelpful }
faq-admin-verified = confirmed { $date } { $by }
faq-admin-by-you = by you
faq-admin-by-other = by a moderator
faq-admin-verify-button = ✅ Confirm: checked against the sources
faq-admin-verified-done = Confirmed. Members see “Confirmed by a moderator”. Next review by { $date }.
faq-admin-edit-button = ✏️ Correct
faq-admin-facts-button = 📚 Facts and notes
faq-admin-sources-title = 📚 <b>Sources and the notes made when checking them:</b>
faq-admin-source-line = • { $host } ({ $date }, { $kind }): { $notes }
faq-admin-source-unknown = • { $host }: not in the fact base — check its date and content yourself
faq-admin-source-undated = undated
faq-source-kind-official = official
faq-source-kind-news = news
faq-source-kind-ngo = NGO
faq-source-kind-guide = guide
faq-admin-facts-title = 📚 <b>The facts behind { $slug }</b> — what each source says and what was noted when checking it:
faq-admin-facts-notes = <i>Notes: { $notes }</i>
faq-admin-facts-none = This source is not in the fact base.
faq-admin-facts-more = …the other sources did not fit — open the links in the entry.
faq-admin-volatility-button = ⚡ Volatility
faq-admin-status-to-published = 📤 Publish
faq-admin-status-to-draft = 📝 Back to draft
faq-admin-status-to-archived = 📦 Retire: out of date
faq-status-published = published
faq-status-draft = draft
faq-status-archived = archived
faq-volatility-low = low (review every 365 days)
faq-volatility-medium = medium (every 180 days)
faq-volatility-high = high (every 90 days)
faq-admin-choose-volatility = How often do these facts change?
faq-admin-choose-field = What do you want to change in { $slug }?
faq-field-q = Question { $lang }
faq-field-a = Answer { $lang }
faq-field-k = Keywords { $lang }
faq-field-steps = Steps { $lang }
faq-field-documents = Documents { $lang }
faq-field-where = Where { $lang }
faq-field-cost = Cost { $lang }
faq-field-timeline = How long { $lang }
faq-field-caveats = Caveats { $lang }
faq-field-sources = Sources (links)
faq-admin-ask-value = ✏️ <b>{ $field }</b> in { $slug }. Now:
    { $current }

    Send the new text: keywords separated by commas; links, steps, documents and caveats one per line; “-” clears an optional field. Or /cancel.
faq-admin-saved = ✅ Saved.
faq-admin-gone = This entry no longer exists, or the editor was interrupted. Open /faq_admin again.
faq-admin-out-of-scope = ⛔ This entry's country is not among the countries you moderate.
faq-admin-exists = There is already an entry for this country and topic: edit it instead.

## A new entry
faq-new-choose-country = ➕ <b>New entry</b> — which country? (“Every country” is for the global topics.)
faq-new-choose-topic = ➕ Which topic for { $place }? Only topics without an entry are shown.
faq-new-all-taken = Every topic of { $place } has an entry already: edit those instead.
faq-new-choose-volatility = ➕ { $place } · { $topic }. How often do these facts change?
faq-new-ask-sources = Send the source links (official pages, banks' terms), one per line.
faq-new-ask-question = The question ({ $lang }), as a member would ask it.
faq-new-ask-answer = The answer ({ $lang }) — plain text, in your own words, up to 2000 characters.
faq-new-ask-keywords = Keywords ({ $lang }), separated by commas (words people use: “счёт, карта, банк”), or “-” for none.
faq-new-optional = This topic may go without sources: send “-” for none.
faq-new-preview = ➕ <b>Check the new entry</b>
    { $place } · { $topic } · volatility: { $volatility }
    Sources: { $sources }
faq-new-publish = ✅ Publish — I checked it today
faq-new-draft = 📝 Save as a draft (not shown to members)
faq-new-cancelled = The new entry was not saved.

faq-edit-error-empty = This cannot be empty. Send the text again, or /cancel.
faq-edit-error-too-long = Too long: at most { $limit } characters. Shorten it and send again.
faq-edit-error-too-many = Too many: at most { $limit }. Send fewer.
faq-edit-error-bad-url = Each source must be a full link starting with https:// (one per line).
faq-edit-error-no-sources = A legal or banking answer needs at least one source link.
faq-edit-error-missing-lang = The question and the answer ({ $lang }) are both needed.
faq-edit-error-invalid = That value is not valid here. Send it again, or /cancel.

## Weekly digest for moderators
faq-digest-title = 🛠 <b>Knowledge base: this week</b>
faq-digest-due = 🕒 Due for review — { $count } { $count ->
        [one] entry
       *[other] entries
    }:
faq-digest-due-line = { $place } { $topic } — by { $date }
faq-digest-due-line-overdue = { $place } { $topic } — ⏳ overdue since { $date }
faq-digest-unhelpful = 👎 Answers that did not help members:
faq-digest-unhelpful-line = { $slug } — { $count }
faq-digest-gaps = ❔ Questions without a good answer: { $gaps } (members who asked: { $asked }).
faq-digest-open = 🕒 Open the review list
faq-digest-open-gaps = ❔ Unanswered questions
