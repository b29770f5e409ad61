# Taxonomy labels: <kind>-<slug>. The slugs are a contract (DESIGN.md); labels are ours.

## profession
profession-it = 💻 IT
profession-design = 🎨 Design
profession-media = 📰 Journalism, media
profession-science = 🔬 Academia, research
profession-education = 📚 Teachers, tutors
profession-arts = 🎭 Culture, arts
profession-hospitality = ☕ Restaurants, bars, cafes
profession-beauty = 💇 Beauty
profession-health = 🩺 Doctors, psychologists
profession-law = ⚖️ Law
profession-finance = 📊 Finance, accounting
profession-marketing = 📣 Marketing
profession-trades = 🔧 Construction, repair, drivers
profession-business = 💼 Entrepreneurs
profession-ngo = 🤲 Non-profits, activism
profession-students = 🎓 Students
profession-other = ✨ Other

## interest
interest-legal = 📄 Legal status, papers
interest-banking = 🏦 Banks, cards, transfers
interest-housing = 🏠 Housing
interest-jobs = 💼 Jobs
interest-networking = 🤝 Networking
interest-events = 📅 Events, meetups
interest-language = 🗣 Learning the language
interest-kids = 🧒 Kids: schools, kindergartens
interest-health = 🩺 Health
interest-psychology = 💬 Psychological support
interest-volunteering = 🙌 Volunteering
interest-relocation = ✈️ Moving on
interest-faith-ethnic = 🕊 Faith and ethnic communities

## faq_topic
topic-visa-free-stay = Visa-free stay
topic-residence-permit = Residence permit
topic-registration = Registration
topic-local-id = Local ID number
topic-bank-account = Bank account
topic-cards-transfers = Cards and transfers
topic-tax-residency = Tax residency
topic-entrepreneur = Sole proprietors and business tax
topic-work-permit = Work permit
topic-health-insurance = Health insurance
topic-housing = Housing
topic-driving-licence = Driving licence
topic-sim-card = SIM card
topic-schools = Schools and kindergartens
topic-emergency = Emergency and crisis lines
topic-consular = Russian consulate
topic-passport-renewal = Passport renewal
topic-power-of-attorney = Power of attorney
topic-apostille = Apostille
topic-military-registration = Military registration
topic-russian-tax-residency = Russian tax residency
topic-currency-control = Currency control
topic-pensions-abroad = Russian pension abroad
topic-moving-on-eu = Moving on to the EU
topic-scams = Scams
topic-psychological-help = Psychological help

## offer_category
offer-category-housing = 🛏 Temporary housing
offer-category-advice = 💡 Advice
offer-category-translation = 🔤 Translation
offer-category-paperwork = 📝 Paperwork
offer-category-items = 📦 Items
offer-category-rides = 🚗 Rides
offer-category-childcare = 🧸 Childcare
offer-category-other = ✨ Other
