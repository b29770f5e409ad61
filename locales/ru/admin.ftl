# Администрирование: роли.

grant-usage = Так: <code>/grant ID [роль] [страны]</code>, например <code>/grant 123456789 moderator GE,AM</code> — или ответьте <code>/grant</code> на пересланное от человека сообщение. Роли: organiser, moderator, admin.
grant-hidden-user = Этот человек скрывает аккаунт в пересланных сообщениях. Попросите у него id: он есть в его /my_data.
grant-error-role = Неизвестная роль. Роли: organiser, moderator, admin.
grant-error-country = Страны — двухбуквенные коды через запятую, например GE,AM — или * для всех.
grant-choose-role = Какую роль дать <code>{ $member }</code>?
grant-choose-scope = { $role } для <code>{ $member }</code>: какие страны?
grant-done = ✅ <code>{ $member }</code> теперь { $role } ({ $scopes }).
revoke-choose = Какую роль забрать у <code>{ $member }</code>?
revoke-nothing = У <code>{ $member }</code> нет ролей.
revoke-done = { $count ->
    [0] У <code>{ $member }</code> не было такой роли ({ $role }).
    [one] ✅ Роль «{ $role }» снята с <code>{ $member }</code>.
    [few] ✅ Роль «{ $role }» снята с <code>{ $member }</code> ({ $count } назначения).
   *[other] ✅ Роль «{ $role }» снята с <code>{ $member }</code> ({ $count } назначений).
}
staff-title = 👥 <b>Команда</b>
staff-empty = Ролей пока ни у кого нет (администраторы из ADMIN_IDS здесь не показаны).
staff-line = <code>{ $member }</code> — { $role } · { $scope }
