# The one moderation queue: decisions, appeals, reports.

mod-item-gone = This item no longer exists: it was withdrawn, erased or already handled.
mod-out-of-scope = ⛔ This item is outside the countries you moderate.
mod-already-decided = Another moderator has already decided on this item.
mod-already-decided-by-you = You have already decided on this item.
mod-reason-required = A rejection needs a reason: the author will see it.
mod-appeal-not-rejected = Only a rejected listing can be appealed.
mod-appeal-once = You have already appealed this decision once.
mod-group-not-published = This group is not published, so it cannot be verified.
mod-overdue-alert = ⏰ { $count ->
        [one] One item has
       *[other] { $count } items have
    } waited in the review queue for more than 48 hours ({ $total } pending in all). Open /mod.
mod-own-item = This is your own listing: another moderator has to decide on it.
mod-reports-closed = The reports on this listing have already been handled.
mod-kind-unavailable = This kind of listing cannot be reviewed in this version of the bot.
mod-nothing-to-edit = There is nothing to edit in this item.

mod-kind-group = community group
mod-kind-faq = knowledge-base answer
mod-kind-job = job offer
mod-kind-offer = mutual-aid listing
mod-kind-event = event
mod-kind-broadcast = broadcast
mod-kind-relay = conversation
mod-scope-transnational = 🌍 transnational

mod-home-title = 🛡 <b>Moderation</b> · { $scope }
mod-home-pending = 📥 Waiting for review: <b>{ $count }</b>
mod-home-kind = { "  " }· { $kind }: { $count }
mod-home-reports = 🚩 Listings with open reports: { $count }
mod-home-stale = 🕸 Groups to re-check: { $count }
mod-home-all-clear = ✨ All clear: nothing is waiting for review. Thank you.
mod-queue-empty = ✨ The queue is empty.
mod-button-review = ▶️ Review, oldest first ({ $count })
mod-button-reports = 🚩 Reports ({ $count })
mod-button-stale = 🕸 Groups to re-check ({ $count })
mod-button-refresh = 🔄 Refresh
mod-button-approve = ✅ Approve
mod-button-reject = ❌ Reject
mod-button-edit = ✏️ Edit before approving
mod-button-drop = 🗑 Remove from the queue
mod-button-next = ⏭ Next
mod-button-home = 🛡 Moderation
mod-button-back-to-item = ⬅️ Back to the item
mod-button-keep = ✅ Keep it listed
mod-button-take-down = 🚫 Take it down
mod-button-reports-list = ⬅️ All reports
mod-button-open-link = 🔗 Open the link
mod-button-verified = ✔️ Checked: it is fine
mod-button-hide = 🚫 Hide it
mod-button-appeal = 📝 Appeal (once)

mod-item-header = 🛡 <b>{ $kind }</b> · { $scope } · { $position } of { $total }
mod-item-waiting = ⏳ Waiting { $age }
mod-item-overdue = ⏰ <b>overdue</b>
mod-item-flags = ⚠️ { $flags }
mod-item-appeal = 📝 <b>Appeal</b> of a rejection (“{ $reason }”):
    <i>{ $appeal }</i>
mod-item-listing-gone = <i>This listing no longer exists (erased or deleted). Remove the item from the queue.</i>
mod-flag-similar-title = a group with a similar title exists
mod-flag-previously-rejected = this link was rejected before
mod-flag-reported = hidden after reports from members

mod-approved = ✅ Approved: “{ $title }”.
mod-rejected = ❌ Rejected: “{ $title }”.
mod-author-told = The author has been told why.
mod-reject-prompt = ❌ <b>Why are you rejecting “{ $title }”?</b>
    Type the reason in one message (up to { $limit } characters). The author will see it, so be kind and concrete: what should change?
mod-reason-too-long = That's { $length } characters; please keep it to { $limit }.
mod-edit-choose = ✏️ What should change in “{ $title }”? After editing you will see the item again and can approve it.
mod-edit-prompt = ✏️ <b>{ $field }</b> now (tap to copy):
mod-edit-send = Send the corrected text (up to { $limit } characters).
mod-value-too-long = That is { $length } characters; the limit here is { $limit }.
mod-edit-saved = ✏️ Saved: { $field }.

mod-reports-title = 🚩 <b>Open reports</b> on { $count ->
        [one] one listing
       *[other] { $count } listings
    }, most reported first. Reporters are never shown.
mod-reports-none = ✨ No open reports.
mod-reported-header = 🚩 <b>{ $kind }</b> · { $scope } · reported by { $count ->
        [one] one member
       *[other] { $count } members
    }
mod-reported-reasons = Reasons: { $reasons }
mod-reported-comment = 💬 <i>{ $comment }</i>
mod-kept = ✅ Kept: “{ $title }”; its reports are closed.
mod-takedown-prompt = 🚫 <b>Why are you taking “{ $title }” down?</b>
    Type the reason in one message (up to { $limit } characters); its author, if known, will see it.
mod-taken-down = 🚫 Taken down: “{ $title }”.

report-reason-dead-link = dead link
report-reason-scam = scam or fraud
report-reason-not-as-described = not as described
report-reason-other = something else
report-reason-false = false or out of date
report-reason-offensive = offensive
report-reason-spam = spam or advertising

mod-stale-header = 🕸 <b>Group to re-check</b> · { $position } of { $total }
    Open the link: is it alive, and still as described?
mod-stale-none = ✨ No groups need re-checking.
mod-verified = ✔️ Marked as checked today: “{ $title }”.
mod-hidden = 🚫 Hidden from members: “{ $title }”.

mod-notice-approved = ✅ Your { $kind } “{ $title }” was approved by a moderator and is now visible to members. Thank you!
mod-notice-rejected = ❌ Your { $kind } “{ $title }” was not approved.
    <b>The moderator's reason:</b> { $reason }

    You can fix it and send it again, or appeal once if you think this is a mistake.
mod-notice-rejected-final = ❌ Your appeal was reviewed: your { $kind } “{ $title }” stays unpublished.
    <b>The moderator's reason:</b> { $reason }
mod-appeal-prompt = 📝 In one message, tell the moderators why the decision should change (up to { $limit } characters). Or /cancel.
mod-appeal-sent = 📨 Your appeal is in the queue: a moderator will look again, and I'll tell you the decision.
mod-reporter-record = 👤 A reporter: account { $days ->
        [one] { $days } day
       *[other] { $days } days
    } old; earlier reports upheld { $upheld }, dismissed { $dismissed }{ $trusted ->
        [yes] .
       *[no] . <i>Does not count towards hiding</i> (a new account, or reports that were dismissed).
    }
report-too-many = You have sent { $count } reports today, the most for one day. Thank you: moderators will look at them. You can report more tomorrow.
mod-flag-scam = ⚠️ possible scam: { $reason }
mod-flag-report = 🚩 reported: { $reason }
mod-button-clear-flag = ✖️ Not a scam: { $flag }
mod-flag-cleared = ✖️ Warning cleared: “{ $flag }”. Members will not see it.
mod-flag-gone = This warning is no longer on the item.
mod-button-ban = 🚫 Ban the member behind it
mod-ban-prompt = 🚫 Ban the member behind “{ $title }”? The item is rejected with your reason, their listings and conversations close at once, and the people who wrote to them are told. Their Telegram id is kept as a keyed hash, so erasing their data does not lift the ban.
    Send the reason (up to { $limit } characters), or go back.
mod-banned = 🚫 Banned. Conversations closed and people told: { $closed }.
mod-ban-nobody = There is no one to ban here (the reported side cannot be told apart, or the member is gone).
mod-ban-staff = Staff can't be banned from the queue: an admin has to remove their roles first.
