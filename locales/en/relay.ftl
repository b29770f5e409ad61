# Contact through the bot: neither side sees who the other is.

relay-write-first = ✉️ Write your message to the author (text only, up to { $maximum } characters). I'll pass it on <b>without your name, @username or profile</b>; the author replies here, through me. You can show your @username later if you wish. If either of you reports the conversation, moderators can read it.
relay-write-reply = ✉️ Write your reply in conversation #{ $thread } (text only, up to { $maximum } characters). It goes without your name or @username.
relay-cancelled = Cancelled: nothing was sent.
relay-sent = ✅ Delivered, without your name or @username. The reply will come here.
relay-write-more = ✍️ Write more
relay-open = 💬 Conversation
relay-text-only = Only text can be sent through the bot: photos, files and voice messages could reveal who you are. Type your message, or cancel.
relay-empty = The message is empty. Type some text.
relay-too-long = That's { $length } characters; the limit is { $maximum }. Please shorten it.
relay-undeliverable = 😔 I couldn't deliver it: the other side can't be reached right now. Nothing about you was revealed.
relay-gone = This conversation no longer exists.
relay-not-yours = ⛔ This is not your conversation.
relay-own-listing = This is your own listing.
relay-listing-closed = The listing is closed, so no new conversations about it can be started.
relay-blocked = This conversation is closed: messages can no longer be sent in it.
relay-wait-for-answer = You have sent { $count } messages in a row: please wait for an answer.
relay-too-many-today = You have started { $count } conversations today: please continue tomorrow.
relay-listing-gone = a removed listing

relay-incoming-for-author = ✉️ <b>A reply to your listing “{ $title }”</b> (conversation #{ $thread })

    { $text }

    <i>Through Prichal: you don't see who wrote, and they don't see who you are.</i>
relay-incoming-for-responder = ✉️ <b>The author of “{ $title }” replies</b> (conversation #{ $thread })

    { $text }

    <i>Through Prichal: neither of you sees the other's name or contacts.</i>

relay-reply = ↩️ Answer
relay-reveal = 🙋 Show my @username
relay-block = 🚫 Block
relay-unblock = ↩️ Unblock
relay-report = 🚩 Report
relay-open-listing = 📄 The listing
relay-not-now = ⬅️ Back

relay-reveal-confirm = 🙋 Show your Telegram @username to the other side of conversation #{ $thread }? They will be able to write to you directly. This cannot be taken back.
relay-reveal-yes = ✅ Yes, show my @username
relay-no-username = You don't have a Telegram @username, so there is nothing to show. To set one: Telegram → Settings → Username. Or keep talking here, through the bot.
relay-revealed = 🙋 The other side of conversation #{ $thread } (“{ $title }”) chose to show you their Telegram: { $username }
relay-reveal-done = ✅ Your @username was sent to the other side.
relay-block-confirm = 🚫 Block this conversation? Neither side will be able to write in it. The other side is not told why.
relay-block-yes = 🚫 Yes, block
relay-block-done = 🚫 Blocked: no more messages in this conversation.
relay-unblock-done = ↩️ Unblocked.
relay-report-choose = 🚩 What happened? Moderators read the conversation; the other side is not told who reported.
relay-report-reason-scam = 🕵️ A scam or a request for money
relay-report-reason-abuse = 🤬 Insults or threats
relay-report-reason-spam = 📢 Spam or advertising
relay-report-reason-other = ❓ Something else
relay-report-done = 🚩 Thank you: a moderator will look at it. The conversation is blocked meanwhile.

relay-threads = 💬 <b>Replies to “{ $title }”</b>: { $count }
relay-thread-label = 💬 Conversation #{ $thread }
relay-thread-header = 💬 <b>Conversation #{ $thread }</b> about “{ $title }” — you are { $role }.
relay-role-author = the author
relay-role-responder = the one who responded
relay-line-mine = <i>You, { $at }:</i> { $text }
relay-line-theirs = <i>They, { $at }:</i> { $text }
relay-thread-empty = No messages yet.
relay-thread-blocked-by-me = 🚫 You blocked this conversation.
relay-thread-closed = 🚫 This conversation is closed.
relay-moderator-header = 🚩 <b>Reported conversation #{ $thread }</b> about “{ $title }”
    Reported by: { $reported_by }
    Approve: nothing wrong (the reports are closed). Reject: a violation (the conversation is closed for both).
relay-moderator-line = <i>{ $side }:</i> { $text }
relay-not-available = 🚫 This listing is no longer available: your message was not sent.
relay-closed-listing-gone = 🚫 “{ $title }” is no longer available: a moderator closed it, and your conversation about it too. Nothing more will be delivered. If someone writes to you about it elsewhere, don't send money, documents or your address.
relay-closed = 🚫 A moderator closed your conversation about “{ $title }”: nothing more will be delivered in it.
