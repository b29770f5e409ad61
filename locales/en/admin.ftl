# Administration: roles.

grant-usage = Usage: <code>/grant ID [role] [countries]</code>, for example <code>/grant 123456789 moderator GE,AM</code> — or reply with <code>/grant</code> to a message forwarded from that person. Roles: organiser, moderator, admin.
grant-hidden-user = That person hides their account in forwarded messages. Ask them for their id: it is in their /my_data.
grant-error-role = Unknown role. Roles: organiser, moderator, admin.
grant-error-country = Countries are two-letter codes separated by commas, for example GE,AM — or * for all.
grant-choose-role = Which role for <code>{ $member }</code>?
grant-choose-scope = { $role } for <code>{ $member }</code>: which countries?
grant-done = ✅ <code>{ $member }</code> is now { $role } ({ $scopes }).
revoke-choose = Which role to take from <code>{ $member }</code>?
revoke-nothing = <code>{ $member }</code> has no roles.
revoke-done = { $count ->
    [0] <code>{ $member }</code> had no such role ({ $role }).
    [one] ✅ Took { $role } from <code>{ $member }</code>.
   *[other] ✅ Took { $role } from <code>{ $member }</code> ({ $count } grants).
}
staff-title = 👥 <b>Staff</b>
staff-empty = Nobody holds a role yet (admins from ADMIN_IDS are not listed).
staff-line = <code>{ $member }</code> — { $role } · { $scope }
