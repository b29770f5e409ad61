# Privacy: what is stored, a copy, erasure.

privacy-text = 🔒 <b>What Prichal stores, and why</b>

    <b>What:</b> your numeric Telegram id (to reply to you), the language you chose, your country and city, your professions and interests, your notification choices and quiet hours, and when you joined and were last active (to the day). If you post a listing, reply to someone or send a report, that too — and only that.
    <b>What we don't store:</b> your name, @username, phone number, contacts or political views.
    <b>Why:</b> only to match you with communities, answers, jobs, help and events.
    <b>Who sees it:</b> nobody sees your profile. Other members never see your id or account: replies go through the bot until you both choose to share contacts. Moderators see the listings you submit, not your profile.
    <b>How long:</b> until you erase it. If you are away for { $inactive_days } days, we warn you, and erase everything { $grace_days } days later unless you write back.
    <b>How to erase:</b> /delete_me removes you from every table and from the bot's memory at once; /my_data sends you a copy of everything first, if you want it. Two exceptions, to protect others: while a report about a conversation or listing of yours is open, those stay until a moderator decides, and then everything is erased; and if a moderator banned you, a keyed hash of your Telegram id is kept (not the id itself, nothing else), so that erasing does not lift the ban.
privacy-button-my-data = 📄 A copy of my data
privacy-button-delete = 🗑 Erase everything about me
privacy-my-data-caption = 📄 Everything stored about you, as JSON.
privacy-delete-confirm = 🗑 <b>Erase everything about you?</b>
    Your profile, choices and everything you posted will be deleted for good. This cannot be undone.
privacy-delete-yes = Yes, erase everything
privacy-delete-no = No, keep it
privacy-delete-kept = 👍 Nothing was deleted.
privacy-deleted = ✅ Done: everything about you has been erased. If you ever want to come back, send /start.
privacy-retention-warning = 🔔 You haven't used Prichal for a long time. We keep as little about people as we can, so everything stored about you will be erased in { $days } days. Want to stay? Just send any message, or /menu. Leaving is fine too: you don't need to do anything.
privacy-delete-deferred = ⏳ A report about your conversation or listing is being reviewed. Until a moderator decides, that conversation or listing and your account stay as they are: erasing them now would destroy what the report is about. Once it is decided, everything about you is erased automatically — you don't need to do anything else.
