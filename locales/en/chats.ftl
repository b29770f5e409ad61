# The bot inside community groups: door check, welcome, anti-spam, reports, shared bans.

chats-added-by-stranger = Only an administrator of this group can add me. I'm leaving; ask an admin to add me.
chats-hello = 👋 Hello! I'm Prichal: I welcome newcomers, route them to the community's help, and keep spam and scammers out.
chats-hello-unlisted = This group is not in the community directory yet: propose it to the bot in private (/communities), and I will link it once a moderator agrees.
chats-hello-linked = This group looks like “{ $title }” in the directory: a moderator will confirm the link.
chats-hello-needs-rights = To protect the group I need to be an administrator who may delete messages and restrict members. Until then I only welcome newcomers.
chats-hello-can = I have the rights I need: new members pass a one-tap check, and spam and scams are removed.
chats-hello-settings = Admins: send /groups to me in private to change what I do here.

chats-door-button = ✋ I am a person — let me write
chats-welcome-open-bot = 🧭 Help for newcomers
chats-welcome-door = Welcome, { $name }! Tap the button below within { $seconds } seconds to start writing here.
chats-welcome = Welcome, { $name }! The community's guide to this place is one tap away.
chats-door-not-yours = This button is for the person it welcomes.
chats-door-nothing = There is nothing waiting for you here any more.
chats-door-passed = ✅ Welcome! You can write now.
chats-request-door = You asked to join “{ $title }”. Tap the button to confirm you are a person, and your request is approved.
chats-request-approved = ✅ Your request to join “{ $title }” is approved. Welcome!

chats-acted = 🛡 I acted on a message or a member: { $reason }. Admins can undo it with one tap.
chats-reason-scam = a known scam pattern
chats-reason-links = a link from a new member
chats-reason-forwards = a forward from a channel by a new member
chats-reason-contacts = contact details from a new member
chats-reason-promo = an “easy money” offer from a new member
chats-reason-flood = too many messages too fast
chats-reason-lookalike = a name that imitates an admin's
chats-reason-bot = a bot added by a member who is not an admin
chats-reason-report = reported by a member
chats-reason-door = the newcomer check was not passed in time
chats-reason-alliance = banned in an allied group
chats-reason-spam = spam
chats-reason-reversed = undone by an admin
chats-reason-appeal = lifted on appeal
chats-undo-button = ↩️ Undo (admins)
chats-undo-nothing = This action can no longer be undone.
chats-undone = Undone.
chats-undone-note = ↩️ An admin undid this action.
chats-admins-only = Only this group's administrators can do that.
chats-button-stale = This button is no longer active.

chats-report-how = Reply to the message you want to report with /report.
chats-report-thanks = Thank you: the moderators will look at it. Your report is anonymous.
chats-ban-how = Reply to a message with /ban scam or /ban spam.
chats-ban-admin = Administrators cannot be banned this way.
chats-banned = 🚫 Banned { $groups ->
        [one] in this group
       *[other] in { $groups } allied groups
    }. The decision is logged, and the person may appeal through the bot.
chats-ban-reason-scam = scam
chats-ban-reason-spam = spam

chats-rsvp-go = ✅ I'll go
chats-rsvp-no = ❌ Can't go
chats-rsvp-start = To answer, start the bot in private first (open it from the group's welcome): your answer stays between you and the bot.
chats-rsvp-going = ✅ You're going. Only you and the bot see this; details and reminders come in private.
chats-rsvp-waitlist = ⏳ The event is full: you are on the waitlist. Only you and the bot see this.
chats-rsvp-declined = Noted: you can't go. Only you and the bot see this.

chats-groups-none = You don't administer any group the bot is in. Add the bot to your group as an administrator first.
chats-groups-list = The groups you administer. Pick one to change its settings:
chats-settings-title = ⚙️ Settings of “{ $title }”. Tap to switch a setting or change a number.
chats-alliance-in = 🤝 In the { $alliance } alliance: bans for scam and spam are shared.
chats-false-positives = Actions undone by admins so far: { $count }.
chats-setting-door_check = Newcomer check
chats-setting-welcome = Welcome
chats-setting-scam = Scams
chats-setting-links = Links
chats-setting-forwards = Channel forwards
chats-setting-contacts = Contacts
chats-setting-promo = Easy-money offers
chats-setting-lookalike = Fake admins
chats-setting-flood = Flood
chats-setting-door_seconds = ⏱ Check time: { $value } s
chats-setting-welcome_seconds = 🧹 Welcome removed after { $value } s
chats-setting-newcomer_messages = ✉️ New for { $value } messages
chats-setting-newcomer_days = 📅 New for { $value } days
chats-alliance-join = 🤝 Join the alliance
chats-alliance-leave = 🤝 Leave the alliance
chats-alliance-unavailable = Only a group a moderator linked to the directory can join an alliance.
chats-gone = This group is no longer known to the bot.
chats-events-button = 📅 Post an event here
chats-back = ⬅️ Back
chats-events-pick = Your approved events. Pick one to post (and pin) in the group:
chats-events-none = You have no approved upcoming events.
chats-events-refused = This event cannot be posted here.
chats-events-posted = ✅ Posted in the group.

chats-appeal-how = Write /appeal and why you think the ban is a mistake, in one message.
chats-appeal-sent = ✅ Your appeal went to the moderators. You will hear from them here.
chats-appeal-none = There is no ban on you to appeal, or you have already appealed.

chats-mod-card = 💬 A message in “{ $title }”
chats-mod-reason = Why: { $reason }
chats-mod-state-held = Nothing has been done yet. Approve: the message stays. Reject: it is deleted and its author restricted there.
chats-mod-state-acted = The bot already deleted it and restricted the author. Approve: undo that. Reject: ban the author there and in the group's alliance.
chats-mod-link = 🔗 The chat “{ $chat }” says it is the directory's “{ $entry }” ({ $link }). Approve to confirm the link.
chats-mod-appeal = 🙋 An appeal against a ban in the { $alliance } alliance (for { $reason }). Approve to lift it everywhere.

mod-kind-chat-message = group message
mod-kind-chat-link = group link
mod-kind-chat-ban = appeal against a group ban
mod-flag-bot-left = the bot left this group
mod-flag-rights-lost = the bot lost its rights in this group
mod-flag-layer-links = link from a new member
mod-flag-layer-forwards = channel forward from a new member
mod-flag-layer-promo = “easy money” offer from a new member
mod-flag-layer-contacts = contacts from a new member
report-reason-group-message = a message in a group

chats-live-present = 🤖 Bot present — checked { $date }
chats-live-members = 👥 Members: { $count }
chats-live-gone = ⚠️ The bot is no longer in this group.

cmd-report = Report a message (reply to it)
cmd-ban = Ban for scam or spam (reply to the message)
