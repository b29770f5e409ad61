# The job board.

menu-jobs = 💼 Jobs
cmd-jobs = Jobs: browse, post, subscribe
jobs-help = <b>Jobs</b>: /jobs — browse by country, city and profession, remote jobs included; post a job (a moderator checks it); get new jobs one by one or as a daily digest. Candidates apply through the bot.

jobs-home = ⬅️ Jobs
jobs-home-text = 💼 <b>Jobs</b>
    Jobs with local employers, at companies founded by people who moved, and remote work for clients abroad. A moderator checks every job. Candidates apply through the bot: nobody sees your name or contacts until you choose to share them.
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
    No jobs like these yet. Look wider, or subscribe and I'll write as soon as a matching job appears — or post one yourself. Local groups often share jobs too.
jobs-pick-place = 📍 Place
jobs-pick-city = 🏙 City
jobs-pick-profession = 🧭 Profession
jobs-pick-place-text = 📍 Where are you looking for work?
jobs-pick-city-text = 🏙 Which city? Jobs with no city are shown too.
jobs-pick-profession-text = 🧭 Which profession?

jobs-subscribe-this = 🔔 Tell me about new jobs like these
jobs-mode-question = 🔔 New jobs for “{ $filter }”: how should I tell you?
jobs-mode-choose-instant = ⚡ Right away, one by one
jobs-mode-choose-daily = 🗞 Once a day, as a morning digest
jobs-mode-instant = right away
jobs-mode-daily = daily digest
jobs-subscribed = ✅ Subscribed: { $filter } ({ $mode }). I won't write during the quiet hours set in /profile.
jobs-subscriptions-text = 🔔 <b>Your subscriptions</b>
    Tap one to delete it. To add one, browse jobs, set the filter and tap “Tell me about new jobs like these”.
jobs-subscriptions-none = 🔔 You have no subscriptions yet. Browse jobs, set a filter and tap “Tell me about new jobs like these”.
jobs-unsubscribe = 🗑 { $what }
jobs-unsubscribed = 🗑 Deleted. Your other subscriptions:
jobs-unsubscribed-last = 🗑 Deleted. You have no subscriptions left, so no more job messages.
jobs-too-many-subscriptions = You already have { $count } subscriptions. Delete one to add another.

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
job-digest = 🗞 <b>Your daily job digest</b>: { $count ->
        [one] one new job
       *[other] { $count } new jobs
    }

    { $lines }
job-digest-more = …and { $count } more in Jobs.

job-wizard-intro = ➕ <b>A new job</b> — a few short steps. A moderator checks it before it is published. Candidates apply through the bot, so please don't put contacts in the text.
job-wizard-title = What is the position? A short title (up to { $maximum } characters), e.g. “Python developer” or “Barista”.
job-wizard-company = Which company is hiring? Type its name, or tap “Private employer”.
job-wizard-place = Where is the job? Choose a country (or type its name), or “Remote”.
job-wizard-city = Which city in { $country }? Choose one, type its name, or tap “The whole country”.
job-wizard-professions = Which professions is it for? Choose up to { $maximum }, then tap “Done”.
job-wizard-professions-needed = Choose at least one profession.
job-wizard-professions-too-many = That's the limit: deselect one first.
job-wizard-employment = What type of employment?
job-wizard-languages = Which languages are needed? Choose all that apply, then tap “Done”.
job-wizard-languages-needed = Choose at least one language.
job-wizard-salary = The salary or rate (e.g. “2000–2500 USD a month”), or skip.
job-wizard-salary-skip = Skip
job-wizard-description = Describe the job: tasks, requirements, conditions (up to { $maximum } characters).
job-wizard-how-to-apply = How to apply: what should candidates tell you (experience, a portfolio link, when they can start)? Up to { $maximum } characters. Applications reach you through the bot.
job-wizard-preview = 👀 <b>This is how members will see it:</b>

    { $card }

    Send it to a moderator?
job-wizard-submit = 📨 Send to moderation
job-wizard-cancelled = Cancelled: the job was not saved.
job-wizard-submitted = 📨 Sent to a moderator. I'll tell you when it is published (usually within a day). Candidates will write to you here, through the bot.
