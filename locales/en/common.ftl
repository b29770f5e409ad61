# Shared: menu, help, commands, errors, fallbacks.

language-name-ru = Русский
language-name-en = English

menu-title = 🏠 <b>Main menu</b>
    Choose what you need. /help explains the commands, /privacy shows what we store.
menu-profile = 👤 My profile
menu-privacy = 🔒 Privacy
menu-help = ❓ Help
menu-back = ⬅️ Main menu
next-groups = 🏘 Look in local groups
next-ask = ❓ Ask a question

start-welcome = 👋 Welcome to <b>Prichal</b> (“the pier”) — a place for people who have recently moved to another country.
    Here you can find your people (communities by city and profession), answers about documents and banks with sources, jobs, mutual aid and events.
    I store only what that needs: no name, no phone number. Details: /privacy
start-welcome-back = 👋 Welcome back. Here is the menu.

help-text = <b>What I can do</b>
    /menu — the main menu
    /profile — your country, city, professions and interests
    /privacy — what is stored about you and who sees it
    /my_data — a copy of everything stored about you
    /delete_me — erase everything about you
    /cancel — stop what you are doing now
    Your contacts are never shown to other members: replies go through me until you decide otherwise.
help-organiser = <b>Organiser</b>: announce events (/new_event) and send broadcasts to chosen members (/broadcast, /my_broadcasts). Community statistics: /stats, or the staff app in /menu.
help-moderator = <b>Moderator</b>: /mod opens the review queue for your countries. The staff app in /menu has the queue and the knowledge-base review in one window.
help-admin = <b>Admin</b>: /grant ID role [countries], /revoke ID [role], /staff — roles; send a YAML file to import the directory, /export to download it.

cancel-done = Cancelled. Everything you had already saved is still there.
cancel-nothing = Nothing to cancel.
cancel-onboarding-paused = Paused. Everything you chose so far is saved: send /start to continue.

cmd-start = Start or continue
cmd-menu = Main menu
cmd-profile = My profile
cmd-help = Help
cmd-privacy = What is stored about me
cmd-my_data = Get a copy of my data
cmd-delete_me = Erase everything about me
cmd-cancel = Cancel the current step

stale-button = This button is from an old message and no longer works. Open /menu instead.
stale-button-setup = This button is from an old message. Send /start to pick up where you left off.
unknown-command = I don't know that command. Here is the menu — or see /help.
not-understood = I didn't understand that. Choose from the menu, or see /help.
not-started = Please send /start first — it takes a minute.
wizard-unexpected-input = I'm waiting for an answer to the question above. Tap one of its buttons, or send /cancel to stop.
throttled = That was fast — please wait a second and try again.
error-generic = Something went wrong on our side. Nothing was lost: please try again, or open /menu.
error-unavailable = ⏳ The bot is briefly unavailable while our storage restarts. Everything you saved is safe; please repeat your last step in a minute.
banned-notice = Your access to this bot has been restricted by the moderators. You can still use /privacy, /my_data and /delete_me.
access-denied = ⛔ This needs the { $role } role.

role-organiser = organiser
role-moderator = moderator
role-admin = admin
scope-all = all countries

# The step engine of every wizard (bot/ui/steps.py).
wizard-back = ⬅️ Back
wizard-cancel = ✖ Cancel
wizard-keep = ✔️ Keep this
wizard-done = ✅ Done
wizard-current-value = { $text }

    Now: <i>{ $value }</i>
    Send a new text to change it, or keep it.
wizard-use-buttons = Please use the buttons below (or ⬅️ Back, ✖ Cancel).
wizard-text-only = I need text here (or a button). Photos, stickers and files won't work.
wizard-old-button = That button is from an earlier step. Here is where you are now:
