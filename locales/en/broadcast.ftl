# Broadcasts: the organiser's wizard and controls, the moderator's card, recipients' buttons.

## Composing

bc-ask-content = 📣 <b>New broadcast</b>
    Send its text as you want members to see it — bold, italics and links are kept. You may send a photo or a document with a caption instead.
bc-content-kinds = Send text, or a photo or a document with a caption.
bc-text-empty = The broadcast needs some text.
bc-text-long = That's too long: at most { $limit } characters here (the line saying who sent it takes the rest of Telegram’s limit).
bc-media-bad = That attachment cannot be used; send the photo or document again.
bc-current-media = { $kind ->
    [photo] 🖼 Photo:
   *[other] 📎 Document:
}
bc-ask-button = Add a link button? Send it as <code>Label | https://example.org</code>, or tap “Skip”.
bc-button-bad = A button is <code>Label | https://example.org</code>: a label of up to 40 characters and an http(s) link.
bc-url-bad = That link does not look right: it must start with https:// (or be a t.me link or an @name).
bc-text-mention = The message mentions a person by a hidden link to their account. Broadcasts cannot carry those: write their public @username instead, or leave them out.
bc-skip = Skip
bc-wizard-cancelled = The broadcast was discarded.

## The segment

bc-segment = 👥 <b>Who receives it</b>
    { $segment }

    Recipients now: <b>{ $count }</b> (members who opted in to news and events).
    Narrow it down with the buttons, then see the preview.
bc-dim-countries = 🗺 Countries
bc-dim-cities = 🏙 Cities
bc-dim-professions = 💼 Professions
bc-dim-interests = ⭐ Interests
bc-dim-languages = 🗣 Languages
bc-dim-event = 📅 Attendees of an event
bc-preview = 👁 Preview
bc-done = ✔️ Done
bc-choose-countries = Choose the countries (any of them):
bc-choose-cities = Choose the cities (any of them):
bc-choose-professions = Choose the professions (any of them):
bc-choose-interests = Choose the interests (any of them):
bc-choose-languages = Choose the languages (any of them):
bc-choose-event = Only the members going to this event:
bc-choose-nothing = Nothing to choose here.
bc-seg-countries = Countries: { $values }
bc-seg-cities = Cities: { $values }
bc-seg-professions = Professions: { $values }
bc-seg-interests = Interests: { $values }
bc-seg-languages = Languages: { $values }
bc-seg-event = Going to: { $title }
bc-seg-everyone = Everyone who opted in, in every country
bc-lang-ru = Russian
bc-lang-en = English
bc-countries-required = Choose at least one of your countries (or an event of yours).
bc-out-of-scope = You can only send broadcasts to the countries you organise in.
bc-event-not-yours = You can only write to the attendees of your own events.

## Confirming

bc-confirm = ☝️ This is how members will see it.
    { $segment }
    It goes to <b>{ $count }</b> now; members in their quiet hours get it when those end.
bc-submit = 📨 Submit for review
bc-send-now = 🚀 Send now (admin)
bc-sign = ✍️ Sign with my name
bc-signed = ✅ Signed with my name (tap to remove)
bc-change-segment = 👥 Change recipients
bc-submitted = 📨 Submitted. A moderator will look at it soon; I'll tell you the decision here.
bc-sending-now = 🚀 Approved by you: it is being sent. Its progress follows in a message below.

## Progress and controls

bc-progress = { $mark } <b>Broadcast</b> — { $status }
    { $segment }

    Sent: { $sent } of { $total } · failed: { $failed } · to go: { $pending } (waiting for quiet hours to end: { $deferred })
    Time left: { $eta }
bc-unsubscribe-reasons = Why members unsubscribed (all broadcasts): { $reasons }
bc-status-draft = draft
bc-status-pending = waiting for a moderator
bc-status-approved = approved, starting
bc-status-sending = being sent
bc-status-paused = paused
bc-status-cancelled = cancelled
bc-status-rejected = rejected
bc-status-done = done
bc-refresh = 🔄 Refresh
bc-pause = ⏸ Pause
bc-resume = ▶️ Resume
bc-cancel = 🚫 Cancel
bc-mine = 📋 My broadcasts
bc-new = ➕ New broadcast
bc-mine-title = 📋 <b>Your broadcasts</b>
bc-mine-none = You haven't sent any broadcasts yet.
bc-cancel-confirm = Cancel this broadcast? Members who haven't received it yet won't get it.
bc-cancel-yes = 🚫 Yes, cancel
bc-cancel-no = ◀️ No, keep it
bc-pause-done = Paused.
bc-resume-done = Resumed.
bc-cancel_ok-done = Cancelled.
bc-not-yours = This broadcast is not yours, or you no longer organise in its country.
bc-not-running = It isn't being sent right now.
bc-not-paused = It isn't paused.

## The author's status message and report

bc-notice-approved = ✅ Your broadcast “{ $title }” was approved by a moderator and is being sent now. Its progress follows in a message below.
bc-live-starting = 📤 <b>“{ $title }”</b> — being sent
    Listing the recipients; the numbers appear here in a few seconds.
bc-live = { $mark } <b>“{ $title }”</b> — { $status }
    Sent: <b>{ $sent }</b> of { $total } · unreachable: { $unreachable } · failed: { $failed }
    Waiting for their quiet hours to end: { $deferred }
bc-report = ✅ <b>“{ $title }” has been sent</b>
    Delivered: <b>{ $sent }</b> of { $total }
    Unreachable (they blocked the bot): { $unreachable }
    Failed: { $failed }
    Unsubscribed since: { $unsubscribed }
bc-report-cancelled = 🚫 <b>“{ $title }” was cancelled</b>
    Delivered before it stopped: <b>{ $sent }</b> of { $total }
    Unreachable (they blocked the bot): { $unreachable }
    Failed: { $failed }
    Unsubscribed since: { $unsubscribed }

## The moderator's card

bc-review-card = 📣 <b>Broadcast</b> — above: the message exactly as members will get it.
    { $links }

    { $segment }
    Recipients now: { $count }

## Recipients

# The line above every copy: who sends it and why the member got it (plain text, no tags).
bc-header-organisers = 📣 Organisers of the { $community } community
bc-header-organisers-signed = 📣 { $name }, organiser of the { $community } community
bc-header-organisers-everyone = 📣 Prichal organisers
bc-header-organisers-everyone-signed = 📣 { $name }, Prichal organiser
bc-header-team = 📣 The Prichal team, for the { $community } community
bc-header-team-signed = 📣 { $name } of the Prichal team, for the { $community } community
bc-header-team-everyone = 📣 The Prichal team
bc-header-team-everyone-signed = 📣 { $name } of the Prichal team

bc-unsubscribe = 🔕 Unsubscribe
bc-unsubscribed-toast = News and events are off.
bc-unsubscribed = 🔕 Done: you won't receive news and events any more.
    Tapped it by mistake? Tap “Undo”. If you like, tell us why — we keep only the number of answers, not who gave them.
bc-undo = ↩️ Undo: keep receiving news and events
bc-resubscribed = 🔔 News and events are on again. You can turn them off under any broadcast or in /profile.
bc-reason-too-many = Too many messages
bc-reason-not-relevant = Not relevant to me
bc-reason-moved = I moved elsewhere
bc-reason-other = Another reason
bc-reason-skip = I'd rather not say
bc-reason-thanks = Thank you.
bc-reason-unknown = Unknown reason.
bc-count = { $count ->
        [one] { $count } member
       *[other] { $count } members
    }
bc-count-few = fewer than { $limit } members
bc-review-links = 🔗 <b>Links in this broadcast</b> ({ $count }), by the domain they really open:
bc-review-link = • { $domain }
bc-review-link-lookalike = • ⚠️ <b>{ $domain }</b> — looks like another, well-known address (look-alike letters): check it before approving.
bc-review-link-disguised = • ⚠️ <b>{ $domain }</b> — but its text shows <b>{ $shown }</b>: a disguised link.
bc-review-no-links = 🔗 No links in this broadcast.
