email-welcome-subject = Your shop { $shop } is ready
email-welcome-body =
    Hello,

    Your shop “{ $shop }” is open.

    Your shop window: { $shop_url }
    Your admin: { $admin_url }

    Next steps: add your logo and colours, then fill in your legal identity (legal notice).

    See you soon on Vitrine.
email-invite-subject = Invitation to join { $shop }
email-invite-body =
    Hello,

    { $inviter } invites you to help run the shop “{ $shop }” (role: { $role }).

    To accept, choose your password here (link valid for 7 days):
    { $link }

    If you were not expecting this invitation, ignore this message.
email-reset-subject = Reset your password ({ $shop })
email-reset-body =
    Hello,

    Someone (probably you) asked to change the password of your account on “{ $shop }”.

    Choose a new password here (link valid for one hour):
    { $link }

    If you did not ask for this, ignore this message: your password stays the same.
