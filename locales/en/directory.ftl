# Communities: the directory of vetted groups, reports and proposals.

menu-communities = 🏘 Communities
cmd-communities = Groups for my city and profession
help-directory = <b>Communities</b>: /communities — vetted groups for your city and profession. You can look at another country or profession without changing your profile, report a bad group, or propose one you know.

directory-header = 🏘 <b>Communities</b> · { $place } · { $field }
directory-shown = Groups { $first }–{ $last } of { $total }. Tap one to see more.
directory-none-in-city = There are no groups for { $city } yet: here are the ones for the whole country and beyond.
directory-list-line = { $number }. <b>{ $title }</b> · { $place }, { $kind }
directory-list-link-gone = ⚠️ link may be dead
directory-empty = No groups here yet. Look in the whole country, at transnational groups or at every profession — or propose a group you know: a moderator checks it, and the next newcomer finds it here.
directory-stale-button = This button was from an older screen. Here is the list as it is now.
directory-place-everywhere = 🌍 transnational / online
directory-place-online = 🌍 online
directory-none = —

directory-card-title = <b>{ $title }</b>
directory-card-demo = <i>(demo)</i>
directory-card-place = 📍 { $place } · { $kind }
directory-card-languages = 🗣 { $languages }
directory-card-topics = 🏷 { $topics }
directory-card-verified = ✔️ Checked by a moderator on { $date }
directory-card-verified-long-ago = ⚠️ Last checked by a moderator on { $date }, more than six months ago: things may have changed. Report it if something is wrong.
directory-card-unverified = ⚠️ Not checked by a moderator yet: be careful, and report it if something is wrong.
directory-card-link-gone = ⚠️ Our automatic check couldn't find this group: the link may no longer work.

directory-kind-chat = chat
directory-kind-channel = channel
directory-kind-forum = forum
directory-kind-external = outside Telegram
directory-status-pending = waiting for review
directory-status-published = listed
directory-status-rejected = rejected
directory-status-hidden = hidden

directory-mod-link = 🔗 { $link }
directory-mod-professions = 💼 Professions: { $value }
directory-mod-interests = 🧭 Interests: { $value }
directory-mod-languages = 🗣 Languages: { $value }
directory-mod-status = Status: { $status }
directory-mod-similar = ⚠️ Similar: “{ $title }” { $link } ({ $status })
directory-mod-link-gone = ⚠️ The automatic check found the link dead.
directory-field-title = Name
directory-field-link = Link
directory-field-description = Description
directory-edit-empty = This cannot be empty.

directory-button-open = 🔗 Open the group
directory-button-report = 🚩 Report
directory-button-previous = ◀️ Previous
directory-button-next = Next ▶️
directory-button-country = 🌍 Another country
directory-button-profession = 💼 Another profession
directory-button-mine = ↩️ As in my profile
directory-button-propose = ➕ Propose a group
directory-button-back = ⬅️ Back
directory-button-to-list = ⬅️ Back to the list
directory-button-more-in = 🗺 More in { $country } ({ $count })
directory-button-any-profession = 💼 Every profession
directory-choose-country = 🌍 Which country's groups would you like to see? Your profile stays as it is.
directory-choose-profession = 💼 Groups for which profession? Your profile stays as it is.
directory-filter-transnational = 🌍 Transnational / online
directory-filter-any-profession = all professions

directory-report-why = 🚩 What's wrong with “{ $title }”? A moderator will take a look. Nobody will see who reported it.
directory-report-dead-link = 🔗 The link does not work
directory-report-scam = 🚨 Scam or fraud
directory-report-not-as-described = 🤷 Not as described
directory-report-other = ✍️ Something else
directory-report-comment = ✍️ In one message, what's wrong with “{ $title }”? (up to { $limit } characters)
directory-report-comment-too-long = Please keep it under { $limit } characters.
directory-report-thanks = 🙏 Thank you — a moderator will look at it.
directory-report-hidden = Several members reported this group, so it is hidden until a moderator decides.
directory-report-already = You've already reported this group; a moderator will look at it.
directory-report-gone = This group is no longer listed.

directory-propose-link = ➕ <b>Propose a group</b>
    Send its link: <code>https://t.me/…</code> or <code>@username</code>. A moderator checks every proposal before members see it. Send /cancel to stop.
directory-propose-link-invalid = That does not look like a Telegram link. Send <code>https://t.me/name</code>, an invite link <code>https://t.me/+…</code> or <code>@name</code> — or /cancel.
directory-propose-already-listed = This group is already listed: “{ $title }”. Thank you! Send another link, or /cancel.
directory-propose-already-waiting = This group has already been proposed (“{ $title }”) and is waiting for a moderator. Send another link, or /cancel.
directory-propose-duplicate-link = This link is already listed or waiting for review.
directory-propose-country = 📍 Which country is the group for? Choose one or type its name.
directory-propose-city = 🏙 Which city in { $country }? Or the whole country.
directory-propose-whole-country = The whole country
directory-propose-title = ✏️ The group's name as members will see it (up to { $limit } characters):
directory-propose-title-length = The name should be between { $min } and { $limit } characters long.
directory-propose-similar = 🤔 These groups look similar:
    { $groups }
    Is yours a different group?
directory-propose-similar-line = • { $title }
directory-propose-different = Yes, it is a different group
directory-propose-description = 📝 In a few sentences: who is it for, and what goes on there? (up to { $limit } characters)
directory-propose-description-length = Please write between { $min } and { $limit } characters.
directory-propose-kind = What kind of group is it?
directory-propose-professions = 💼 Is it for particular professions? Choose any that fit, or skip.
directory-propose-interests = 🧭 What is it about? Choose any that fit, or skip.
directory-propose-languages = 🗣 Which languages are spoken there? Choose at least one.
directory-propose-need-language = Choose at least one language.
directory-propose-done = ✅ Done
directory-propose-skip = Skip ⏭
directory-propose-confirm = 👀 <b>Please check your proposal</b> · { $link }
directory-propose-send = 📨 Send for review
directory-propose-again = 🔁 Start over
directory-propose-stopped = Cancelled. Nothing was sent.
directory-propose-sent = 📨 Thank you! “{ $title }” is waiting for a moderator; I'll message you once it's decided.
directory-propose-too-many = You already have { $limit } proposals waiting for review. Please wait for the moderators to decide.
