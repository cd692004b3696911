# The team page, invitations and the signed-in person's own account.

staff-title = Team
staff-lead = The people who help you run the shop. Each one signs in with their own e-mail address and password.
staff-roles-help = Owner: everything, including the team and the other owners. Manager: everything except the owners. Employee: the day-to-day work, without access to the settings, payments or team.
staff-role-owner = Owner
staff-role-manager = Manager
staff-role-staff = Employee
staff-members = Members
staff-col-name = Name
staff-col-email = E-mail address
staff-col-role = Role
staff-col-actions = Actions
staff-col-expires = Valid for
staff-you = (you)
staff-role-of = Role of { $name }
staff-change-role = Change the role
staff-remove = Remove
staff-remove-label = Remove { $name } from the team
staff-removed = The person has been removed from the team and signed out everywhere.
staff-last-owner = The shop must always keep an owner: make someone else owner first.
staff-cannot-remove-self = You cannot remove yourself from the team. Ask another owner to do it.
staff-already-member = This person is already on the team.
staff-pending = Pending invitations
staff-pending-none = No pending invitations.
staff-expires-days =
    { $days ->
        [one] 1 more day
       *[other] { $days } more days
    }
staff-revoke = Revoke
staff-revoke-label = Revoke the invitation sent to { $email }
staff-invite = Invite someone
staff-invite-lead = They will receive an e-mail with a link, valid for 7 days, to choose their name and password.
staff-invite-email = Their e-mail address
staff-invite-role = Role
staff-invite-submit = Send the invitation
staff-invite-sent = Invitation sent. The link in the e-mail is valid for 7 days.
staff-seats = { $used } of { $max } places on your plan are taken (pending invitations included).
staff-invite-title = Join { $shop }
staff-invite-welcome = { $inviter } invites you to join the team of “{ $shop }”, with the role “{ $role }”. You will sign in with the address { $email }.
staff-invite-accept = Join the team
staff-invite-invalid = This invitation is no longer valid: it has expired, has already been used or has been withdrawn. Ask the person who invited you to send a new one.
staff-invite-already-member = This address already has an account in this shop. Sign in instead, or use “Forgot your password?”.

account-title = My account
account-profile = Profile
account-email = E-mail address
account-role = Role
account-name = Your name
account-name-submit = Save the name
account-password = Password
account-current-password = Current password
account-new-password = New password
account-password-ends-sessions = Changing your password signs you out of your other devices and browsers.
account-password-submit = Change the password
account-password-wrong = This is not your current password.
account-password-changed = Password changed. Your other sessions have been closed.
account-rate-limited = Too many wrong attempts. For your security, wait 15 minutes before trying again.
account-sessions = Sessions
account-sessions-count =
    { $count ->
        [one] You are signed in on one device or browser: this one.
       *[other] You are signed in on { $count } devices or browsers, this one included.
    }
account-logout-everywhere = Sign out everywhere
account-logout-everywhere-hint = Closes every session, this one included: useful after using a shared computer or losing a phone.
