# Staff: the "/" menu each role adds, the staff entry of the main menu, queue notices.

cmd-mod = Moderation queue
cmd-faq_admin = Knowledge base: reviews and coverage
cmd-new_event = Announce an event
cmd-my_events = My events
cmd-broadcast = Write to chosen members
cmd-my_broadcasts = My broadcasts and their progress
cmd-stats = Numbers as a chart
cmd-grant = Give a role
cmd-revoke = Take a role away
cmd-staff = Who holds which role
cmd-export = Export groups and the knowledge base

menu-staff = 🧰 Staff tools
staff-hub = 🧰 <b>Staff tools</b> · { $roles }
    Your commands: { $commands }
staff-tool-queue = 🛡 Moderation queue
staff-tool-faq = 📚 Knowledge base
staff-tool-my-events = 📅 My events
staff-tool-new-event = ➕ New event
staff-tool-broadcasts = 📣 My broadcasts
staff-tool-new-broadcast = ✍️ New broadcast

mod-notice-new = 📥 { $count ->
        [one] A new item is
       *[other] { $count } new items are
    } waiting for review in your countries:
mod-notice-reports = reported listings
mod-notice-open = 🛡 Open the queue
