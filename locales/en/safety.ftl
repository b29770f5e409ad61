# Scam warnings and safety tips.

cmd-safety = Safety tips: scams that target newcomers
safety-help = <b>Safety</b>: /safety — short tips on the scams that target people who just moved: rent deposits, “rent out your card”, card details, currency exchange, “guaranteed” visas.
safety-button = 🛡 Safety tips
safety-all-tips = 🛡 All safety tips
safety-open = 🛡 Tips: { $topic }
safety-index = 🛡 <b>Stay safe</b>
    Scammers look for people who have just arrived: in a hurry, without local contacts, with money on cards that may soon stop working. Choose a topic.

scam-flag-deposit = a deposit before viewing
scam-flag-card-rental = renting out a card or account
scam-flag-card-details = card details
scam-flag-exchange = currency or crypto exchange
scam-flag-guaranteed-docs = “guaranteed” visas or residence permits

safety-topic-jobs = 💼 Before applying for a job
safety-topic-aid = 🤝 Giving and getting help
safety-topic-deposit = 🏠 Rent deposits
safety-topic-card-rental = 💳 “Rent out your card”
safety-topic-card-details = 🔢 Card details
safety-topic-exchange = 💱 Currency and crypto exchange
safety-topic-guaranteed-docs = 📑 “Guaranteed” visas

safety-tips-jobs = 💼 <b>Before applying for a job</b>
    • A real employer never asks you to pay: not for training, not for “equipment”, not for a visa.
    • Be wary of easy money for “processing payments” or “receiving transfers”: that is money-mule work and a crime.
    • Don't send passport scans before a signed offer, and never send card details.
    • Talk through the bot until you trust the other side; show your @username only then.
safety-tips-aid = 🤝 <b>Giving and getting help</b>
    • Meet in a public place the first time, and tell a friend where you are going.
    • Helping each other is free here: anyone asking for money in advance is suspicious.
    • Keep your documents with you; don't leave them as a “deposit”.
    • Report anything that feels wrong — the report is anonymous.
safety-tips-deposit = 🏠 <b>Rent deposits</b>
    • Never pay a deposit or a “booking fee” before you have seen the flat in person (or a trusted friend has).
    • Check that the landlord owns the flat (ask for the ownership document, compare the name).
    • “Many people want it, pay today” is pressure: a sign of fraud.
    • Pay the deposit against a signed contract and a receipt.
safety-tips-card-rental = 💳 <b>“Rent out your card”</b>
    • Offers to “rent” your card or account, or to let payments pass through it, are money-mule schemes.
    • The money is usually stolen: the card holder answers for it — accounts are frozen, there are criminal cases, you may be barred from banks.
    • Never open accounts or cards “for someone”, and never hand over your online banking.
safety-tips-card-details = 🔢 <b>Card details</b>
    • To send you money, only the card number (or better: the account number) is needed — never the expiry date, the CVV or a code from an SMS.
    • Anyone asking for the code from an SMS is trying to take money from your card.
    • Banks never ask for codes in messages.
safety-tips-exchange = 💱 <b>Currency and crypto exchange</b>
    • Exchange “at a better rate” from strangers often ends with fake notes, a reversed transfer or a blocked account.
    • P2P crypto trades may bring you “dirty” money: your bank account can be frozen.
    • Use banks and licensed exchange offices.
safety-tips-guaranteed-docs = 📑 <b>“Guaranteed” visas and residence permits</b>
    • Nobody can guarantee a visa, a residence permit or citizenship: the authorities decide.
    • “100%”, “no refusals”, “quick, without queues” are signs of a fake agent.
    • Check the official requirements in the knowledge base and on government sites; pay official fees only to the authority.
