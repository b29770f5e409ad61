# Импорт и экспорт каталога (и другого содержимого) администратором.

transfer-too-large = ⛔ Файл слишком большой для импорта через бота (не больше 2 МБ). Разделите его или используйте <code>python -m bot import FILE</code> на сервере.
transfer-not-utf8 = ⛔ Файл не в кодировке UTF-8. Сохраните его в UTF-8 и пришлите снова.
transfer-download-failed = ⛔ Не удалось скачать файл из Telegram. Пришлите его ещё раз.
transfer-invalid = ⛔ <b>{ $file }</b> не импортирован: { $count ->
        [one] { $count } ошибка
        [few] { $count } ошибки
       *[many] { $count } ошибок
    }. Ничего не записано. Исправьте и пришлите файл снова:
transfer-more-errors = …и ещё { $count } (все — в файле ниже).
transfer-errors-file = Все ошибки импорта с позициями.
transfer-section-summary = <b>{ $section }</b>: новых { $created }, изменённых { $updated }, без изменений { $unchanged }
transfer-nothing = В файле нет разделов для импорта.
transfer-valid = ✅ <b>{ $file }</b> в порядке. Импорт сделает вот что:
    { $summary }

    Пока вы не подтвердите, ничего не записывается.
transfer-button-go = ✅ Импортировать
transfer-button-no = ✖️ Не импортировать
transfer-done = ✅ <b>{ $file }</b> импортирован:
    { $summary }
transfer-declined = Не импортировано; ничего не записано.
transfer-exported = 📦 Экспорт: { $summary }. Отредактируйте и пришлите обратно для импорта (группы сопоставляются по slug).
