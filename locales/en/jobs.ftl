# The job board.

menu-jobs = 💼 Jobs
cmd-jobs = Jobs: browse, post, subscribe
jobs-help = <b>Jobs</b>: /jobs — browse by country, city, remote and profession; post a job (a moderator checks it); subscribe to new jobs at once or as a daily digest. Candidates answer through the bot.

jobs-home = ⬅️ Jobs
jobs-home-text = 💼 <b>Jobs</b>
    Jobs from employers, from companies of people who moved, and for international clients. Every job is checked by a moderator. Candidates answer through the bot: nobody sees your name or contacts unless you decide to show them.
jobs-browse = 🔎 Browse jobs
jobs-post = ➕ Post a job
jobs-subscriptions = 🔔 My subscriptions
jobs-mine = 📋 My jobs
jobs-back-mine = ⬅️ My jobs
jobs-back-list = ⬅️ Back to the list

jobs-filter = { $place } · { $profession }
jobs-any-profession = any profession
jobs-list = 💼 <b>Jobs</b> — { $filter }
    Found: { $total }. Tap a job to open it.
jobs-list-empty = 💼 <b>Jobs</b> — { $filter }
    Nothing here yet. Look wider, let me tell you when a job appears, or post one yourself. Local groups often share jobs too.
jobs-pick-place = 📍 Place
jobs-pick-city = 🏙 City
jobs-pick-profession = 🧭 Profession
jobs-pick-place-text = 📍 Where should the job be?
jobs-pick-city-text = 🏙 Which city? Jobs that name no city are shown too.
jobs-pick-profession-text = 🧭 Which profession?

jobs-subscribe-this = 🔔 Tell me about new jobs like these
jobs-mode-question = 🔔 New jobs for «{ $filter }»: how should I tell you?
jobs-mode-choose-instant = ⚡ At once, one message per job
jobs-mode-choose-daily = 🗞 One daily digest (in the morning)
jobs-mode-instant = at once
jobs-mode-daily = daily digest
jobs-subscribed = ✅ Subscribed: { $filter } ({ $mode }). Quiet hours from your /profile are respected.
jobs-subscriptions-text = 🔔 <b>Your subscriptions</b>
    Tap one to delete it. New ones are made from a search: browse, set the filter, then "Tell me about new jobs like these".
jobs-subscriptions-none = 🔔 You have no subscriptions yet. Browse jobs, set a filter and tap "Tell me about new jobs like these".
jobs-unsubscribe = 🗑 { $what }
jobs-unsubscribed = 🗑 Deleted. Your other subscriptions:
jobs-unsubscribed-last = 🗑 Deleted. You have no subscriptions left: no more job messages.
jobs-too-many-subscriptions = You already have { $count } subscriptions: delete one first.

jobs-mine-text = 📋 <b>Your jobs</b>
jobs-mine-none = 📋 You have not posted any jobs yet.

job-card = 💼 <b>{ $title }</b>
    🏢 { $company }
    📍 { $place }
    🧭 { $professions }
    🕒 { $employment } · 🗣 { $languages }
    💰 { $salary }

    { $description }

    <b>How to apply</b>
    { $how_to_apply }
job-private-employer = Private employer
job-salary-none = not stated
job-apply = ✉️ Apply through the bot
job-employment-full = Full time
job-employment-part = Part time
job-employment-project = Project, freelance
job-employment-intern = Internship
job-language-ru = Russian
job-language-en = English
job-language-uk = Ukrainian
job-language-local = the local language
job-moderator-header = 💼 <b>Job #{ $id }</b>

job-notice = 🔔 <b>A new job for your subscription</b>

    { $line }
job-notice-line = <b>{ $title }</b> — { $company }, { $place }
job-digest = 🗞 <b>Your daily jobs digest</b>: { $count ->
        [one] one new job
       *[other] { $count } new jobs
    }

    { $lines }
job-digest-more = …and { $count } more: open the job board.

job-wizard-intro = ➕ <b>A new job</b> — a few short steps. A moderator checks it before it is published. Candidates answer you through the bot: do not put contacts in the text.
job-wizard-title = What is the position? Type a short title (up to { $maximum } characters), e.g. «Python developer» or «Barista».
job-wizard-company = Which company hires? Type its name, or choose "Private employer".
job-wizard-place = Where is the job? Choose a country (or type its name), or remote.
job-wizard-city = Which city in { $country }? Choose, type it, or "The whole country".
job-wizard-professions = Which professions is it for? Choose up to { $maximum }, then "Done".
job-wizard-professions-needed = Choose at least one profession.
job-wizard-professions-too-many = That is the most: unselect one first.
job-wizard-employment = What kind of employment?
job-wizard-languages = Which languages are needed? Choose all that apply, then "Done".
job-wizard-languages-needed = Choose at least one language.
job-wizard-salary = The salary or rate (e.g. «2000–2500 USD a month»), or skip.
job-wizard-salary-skip = Skip
job-wizard-description = Describe the job: tasks, requirements, conditions (up to { $maximum } characters).
job-wizard-how-to-apply = How to apply: what should candidates write to you (experience, portfolio link, availability)? Up to { $maximum } characters. They will answer through the bot.
job-wizard-preview = 👀 <b>This is how members will see it:</b>

    { $card }

    Send it to a moderator?
job-wizard-submit = 📨 Send to moderation
job-wizard-cancelled = Cancelled: the job was not saved.
job-wizard-submitted = 📨 Sent to a moderator. You will be told when it is published (usually within a day). Candidates will write to you here, through the bot.
