# Events: browsing, answering, reminders, the organiser's wizard and tools.

menu-events = 📅 Events
cmd-events = Upcoming events
events-help = <b>Events</b>: /events — meetups near you, online events and those matching your interests. Tap “I'm going” to get reminders a day and two hours before, and a calendar file. Organisers: /new_event, /my_events.

## The list

events-list-city = 📅 <b>Upcoming events — { $place }</b>
    Your city, your whole country and online events. Times are in your time zone.
events-list-country = 📅 <b>Upcoming events — { $place }</b>
    Your whole country and online events.
events-list-online = 💻 <b>Online events</b>
    For your country and for every country.
events-list-tags = ⭐ <b>For you</b>
    Events for your professions and interests (change them in /profile).
events-list-mine = 🎟 <b>My events</b>
    Events you are going to or on the waitlist for.
events-list-empty = No events here yet. Try another tab, or look in local groups: meetups are often announced there.
events-empty-announcements = 🔔 Tell me about new events
events-list-range = Shown { $first }–{ $last } of { $total }.
events-your-country = your country
events-your-place-unknown = everywhere
events-line = { $number }. { $star }<b>{ $title }</b> — { $when } · { $where }
events-line-online = online
events-scope-city = 🏙 My city
events-scope-country = 🗺 My country
events-scope-online = 💻 Online
events-scope-tags = ⭐ For me
events-scope-mine = 🎟 My events
events-page-back = ◀️ Back
events-page-next = More ▶️
events-to-list = 📅 All events

## The card

events-card-title = <b>{ $title }</b>
events-card-description = { $description }
events-when-local = 🗓 { $when } ({ $zone } time)
events-when-yours = 🗓 { $when } your time · { $zone }: { $local }
events-duration = ⏱ { $duration }
events-place = 📍 { $where }
events-place-online = 💻 Online — you'll get the link once you say you're going
events-place-online-link = 💻 Online: { $link }
events-tags = 🏷 { $tags }
events-seats-unlimited = 👥 { $going } going · no limit
events-seats-free = 👥 { $free } of { $capacity } seats free
events-seats-full = 👥 All { $capacity } seats taken — you can join the waitlist
events-you-going = ✅ You're going.
events-you-waitlist = 🕒 You're number { $position } on the waitlist: if a seat frees up, it's yours, and I'll let you know.
events-you-declined = You said you can't go.
events-status-pending = ⏳ Waiting for a moderator — not visible to members yet.
events-status-rejected = ❌ Not approved by the moderators.
events-status-cancelled = ❌ <b>Cancelled by the organiser.</b>
events-going = ✅ I'm going
events-not-going = 🙅 Can't go
events-ics = 📅 Add to calendar
events-open = 🔎 Open the event
events-manage = ⚙️ Manage
events-back-to-list = ⬅️ Back to events
events-ics-caption = 📅 “{ $title }” for your calendar: open the file to add it. If the event moves, I'll send a new one.

events-answer-going = ✅ See you there! I'll remind you a day and two hours before.
events-answer-waitlist = 🕒 All seats are taken: you're number { $position } on the waitlist. If a seat frees up, it's yours, and I'll let you know.
events-answer-declined = Noted: you're not going. Your seat goes to the next person on the waitlist.

events-gone = This event is not available: it was removed or has not been approved yet.
events-is-cancelled = This event has been cancelled.
events-started = This event has already started — answers are closed.
events-over = This event is already over.

## Notices from the worker

events-notice-remind-24h = ⏰ <b>Tomorrow: { $title }</b>
    { $when }
    { $place }
    Can't make it? Tap the button below, and someone on the waitlist will get your seat.
events-notice-remind-2h = ⏰ <b>In two hours: { $title }</b>
    { $when }
    { $place }
events-notice-promoted = 🎉 <b>A seat freed up — you're going to { $title }</b>
    { $when }
    { $place }
    If you can't make it after all, tap the button below so the next person gets the seat.
events-notice-moved = 🔁 <b>{ $title } has moved</b>
    New time: { $when }
    { $place }
    Get the updated calendar file below. If the new time doesn't suit you, tap “Can't go”.
events-notice-cancelled = ❌ <b>{ $title } has been cancelled</b> by the organiser ({ $when }). We're sorry.
events-notice-message = ✉️ <b>From the organiser of { $title }</b> ({ $when }):

    <blockquote>{ $message }</blockquote>
    You can't reply to this message; the organiser doesn't see your contacts.

## The organiser: a new event

events-new = ➕ New event
events-organised = 🗂 Events I organise
events-new-intro = ➕ <b>A new event.</b> A few questions; a moderator checks the event before members see it. Send /cancel to stop at any point.
events-ask-title = What is it called? (3–120 characters, e.g. “Designers' breakfast”)
events-ask-description = Describe it in a few lines: what happens, who it's for, what to bring (up to 1500 characters). Send “-” to skip.
events-ask-format = In person or online?
events-format-offline = 📍 In person
events-format-online = 💻 Online
events-ask-country = Which country is it for? (You can also type the name.)
events-country-everyone = 🌍 Everyone, every country
events-ask-city = Which city? The time will be that city's local time.
events-city-elsewhere = Another place in this country
events-ask-zone = Which clock will you type the time in? Members everywhere will see it in their own time.
events-ask-start = When does it start? Type the date and time, { $zone } time.
    For example: <code>12.12 19:00</code>, <code>tomorrow at 18:30</code>, <code>next Thursday at 7pm</code>
events-start-check = 🗓 I understood: <b>{ $when }</b> ({ $zone } time). Is that right?
events-start-right = ✅ Yes
events-start-retype = ✏️ Type it again
events-ask-duration = How long does it last? Choose, or type e.g. <code>1:30</code>, <code>2h</code>, <code>90 min</code>.
events-ask-venue = Where exactly? The venue and address (3–300 characters).
events-ask-link = The link members will use to join (https://…, t.me/… or @channel). Only members who say they are going see it.
events-ask-prof = Is it for particular professions? Choose any, or none.
events-ask-int = Which interests does it touch? Choose any, or none.
events-tags-done = ✅ Done
events-tags-none = None — next
events-ask-capacity = How many seats? Choose, or type a number. When they are taken, new people join a waitlist.
events-capacity-unlimited = ♾ No limit
events-ask-confirm = <b>Check it, please:</b>

    { $card }

    Everything right? It goes to a moderator, then members see it.
events-submit = ✅ Send for review
events-change = ✏️ Change something
events-change-what = What would you like to change?
events-edit-title = Title
events-edit-description = Description
events-edit-place = Place and time zone
events-edit-start = Start time
events-edit-duration = Duration
events-edit-professions = Professions
events-edit-interests = Interests
events-edit-capacity = Seats
events-edit-back = ⬅️ Back to the summary
events-wizard-cancelled = Cancelled: the event was not saved.
events-wizard-lost = That question has expired. Start again from /events.
events-wizard-text-only = I am waiting for a text answer to the question below (or use its buttons).
events-wizard-command = That command does not work here. Answer the question below, or /cancel to stop.
events-use-buttons = Please use the buttons below.
events-draft-incomplete = Some answers are missing. Start again with /new_event.
events-submitted = 📨 “{ $title }” was sent to the moderators. Once it is approved, members will see it; you'll find it under “Events I organise”.

events-title-bad = The title should be 3 to 120 characters.
events-description-bad = The description is too long: up to 1500 characters, please.
events-venue-bad = Please give the venue and address in 3 to 300 characters.
events-link-bad = That does not look like a link. Send one that starts with https://, or t.me/…, or @channel.
events-place-missing = The event needs a venue or a link.
events-zone-bad = Unknown time zone; choose the place again.
events-country-unknown = I don't know that country. Use the buttons or type its name, e.g. “Georgia”.
events-city-unknown = I don't know that city here. Use the buttons, or “Another place in this country”.
events-out-of-scope = ⛔ You organise events for other countries. An admin can extend your role.
events-capacity-bad = Type a number of seats from 1 to 100000 — or tap “No limit”.
events-duration-bad = I did not understand the duration. For example: <code>2</code>, <code>1:30</code>, <code>90 min</code>, <code>2h</code>.
events-duration-range = An event lasts from 15 minutes to 72 hours.
events-when-empty = Type the date and time, e.g. <code>12.12 19:00</code>.
events-when-no-time = Add the time, please, e.g. <code>12.12 19:00</code> or <code>tomorrow 19:00</code>.
events-when-bad-date = That date does not exist. Day first, then month: <code>12.12</code> is 12 December.
events-when-not-understood = I could not read that date and time. Try <code>12.12 19:00</code>, <code>tomorrow at 18:30</code>, <code>next Thursday at 7pm</code> or <code>2026-12-12 19:00</code>.
events-when-past = That moment has already passed. Give a time in the future.
events-when-too-far = That is more than two years ahead. Announce it closer to the date.
events-when-no-such-time = Clocks jump forward at that hour there, so that time does not exist that night. Choose another.

## The organiser: managing

events-organised-title = 🗂 <b>Events you organise</b> (upcoming, and those of the past two weeks):
events-organised-none = You have no upcoming events, nor any from the past two weeks.
events-attendance = 📊 <b>Answers</b>: { $going } going · { $waitlist } on the waitlist · { $declined } cannot go.
    Who answered is never shown — members' privacy comes first.
events-attendance-message = ✉️ Your last message: delivered to { $sent } of { $total }.
events-notice-attendance = 📋 <b>{ $title } is over — how many came?</b> ({ $when })
    { $going } said they were going. One number is all that is kept, never who came: it shows how the community's events do.
events-attendance-record = 📋 How many came?
events-attendance-ask = 📋 <b>How many people came to { $title }?</b>
    { $going } said they were going. Tap an answer, or type a number from 0 to { $limit }.
events-attendance-as-rsvp = 👥 About as many as said so ({ $going })
events-attendance-zero = 🚫 Nobody came
events-attendance-type = ✏️ Type the number
events-attendance-bad = That is not a count I can keep: type a whole number from 0 to { $limit } (digits only), or tap an answer below.
events-attendance-saved = ✅ Saved: { $count } came. Thank you. You can correct the number here later.
events-attendance-recorded = 📋 <b>Came</b>: { $count }.
events-attendance-not-over = ⏳ How many came can be recorded once the event is over.
events-not-yours = ⛔ Only the organiser of this event can do that.
events-message = ✉️ Message everyone going
events-move = 🔁 Move to another time
events-cancel = ❌ Cancel the event
events-keep = ⬅️ Back
events-message-ask = ✉️ Type a short message for everyone going ({ $going }), up to { $limit } characters: a change of room, what to bring… Up to 3 messages a day.
    To reach members who haven't answered yet, send a broadcast instead (a moderator reviews it).
events-message-cancel = ⬅️ Back without sending
events-message-bad = The message must be 1 to { $limit } characters of text.
events-message-links = Messages to attendees are plain text without links or @usernames, so they can go out without a moderator. For a link, send a broadcast to the event's attendees (/broadcast): a moderator checks it first.
events-message-preview = <b>This is what attendees will get:</b>

    <blockquote>{ $text }</blockquote>
events-message-send = 📨 Send
events-message-queued = 📨 Queued for { $count ->
        [one] { $count } person
       *[other] { $count } people
    }. They'll get it within a minute or two; you'll see the delivery count under “Manage”.
events-message-limit = You have already sent 3 messages about this event today. For more, use a broadcast.
events-message-closed = Messages can be sent only for published events that have not ended.
events-move-ask = 🔁 It now starts { $now } ({ $zone } time). Type the new date and time, { $zone } time, e.g. <code>13.12 19:00</code>.
events-move-keep = ⬅️ Keep the time
events-move-confirm = Move it to <b>{ $when }</b> ({ $zone } time)? Everyone going ({ $going }) and waiting will be told, reminders follow the new time, and the calendar file is updated.
events-move-yes = 🔁 Yes, move it
events-move-same = That is the time it already has.
events-move-closed = This event can no longer be moved.
events-moved = 🔁 Moved. { $count ->
        [one] { $count } person is
       *[other] { $count } people are
    } being told.
events-cancel-confirm = Cancel “{ $title }”? Everyone going or waiting ({ $count }) will be told. This cannot be undone.
events-cancel-yes = ❌ Yes, cancel it
events-cancelled = ❌ Cancelled. { $count ->
        [one] { $count } person is
       *[other] { $count } people are
    } being told.

events-review-card = 📅 <b>Event</b>

    { $card }
