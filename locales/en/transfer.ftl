# Import and export of the directory (and other content) by an admin.

transfer-too-large = ⛔ This file is too large to import through the bot (2 MB at most). Split it, or use <code>python -m bot import FILE</code> on the server.
transfer-not-utf8 = ⛔ This file is not UTF-8 text. Save it as UTF-8 and send it again.
transfer-download-failed = ⛔ I could not download the file from Telegram. Please send it again.
transfer-invalid = ⛔ <b>{ $file }</b> was not imported: { $count ->
        [one] one error
       *[other] { $count } errors
    }. Nothing was written. Fix them and send the file again:
transfer-more-errors = …and { $count } more (all of them in the file below).
transfer-errors-file = Every error of the import, by position.
transfer-section-summary = <b>{ $section }</b>: { $created } new, { $updated } changed, { $unchanged } unchanged
transfer-nothing = The file has no sections to import.
transfer-valid = ✅ <b>{ $file }</b> is valid. Importing it will do this:
    { $summary }

    Nothing is written until you confirm.
transfer-button-go = ✅ Import now
transfer-button-no = ✖️ Do not import
transfer-done = ✅ <b>{ $file }</b> imported:
    { $summary }
transfer-declined = Not imported; nothing was written.
transfer-exported = 📦 Export: { $summary }. Edit it and send it back to import (groups are matched by slug).
