# The one moderation queue: decisions, appeals, reports.

mod-item-gone = This item no longer exists (withdrawn, erased or already handled).
mod-out-of-scope = ⛔ This item is outside the countries you moderate.
mod-already-decided = Another moderator has already decided on this item.
mod-reason-required = A rejection needs a reason: the author will see it.
mod-appeal-not-rejected = Only a rejected listing can be appealed.
mod-appeal-once = You have already appealed this decision once.
mod-group-not-published = This group is not published, so it cannot be verified.
mod-overdue-alert = ⏰ { $count ->
        [one] One item has
       *[other] { $count } items have
    } waited in the review queue for more than 48 hours ({ $total } pending in all). Open /mod.
