# La page équipe, les invitations et le compte de la personne connectée.

staff-title = Équipe
staff-lead = Les personnes qui vous aident à faire tourner la boutique. Chacune se connecte avec sa propre adresse e-mail et son propre mot de passe.
staff-roles-help = Propriétaire : tout, y compris l’équipe et les autres propriétaires. Gérant·e : tout, sauf les propriétaires. Employé·e : le travail au quotidien, sans accès aux réglages, aux paiements ni à l’équipe.
staff-role-owner = Propriétaire
staff-role-manager = Gérant·e
staff-role-staff = Employé·e
staff-members = Membres
staff-col-name = Nom
staff-col-email = Adresse e-mail
staff-col-role = Rôle
staff-col-actions = Actions
staff-col-expires = Valable encore
staff-you = (vous)
staff-role-of = Rôle de { $name }
staff-change-role = Changer le rôle
staff-remove = Retirer
staff-remove-label = Retirer { $name } de l’équipe
staff-removed = La personne a été retirée de l’équipe et déconnectée partout.
staff-last-owner = La boutique doit toujours garder un·e propriétaire : nommez d’abord quelqu’un d’autre propriétaire.
staff-cannot-remove-self = Vous ne pouvez pas vous retirer vous-même de l’équipe. Demandez-le à un·e autre propriétaire.
staff-already-member = Cette personne fait déjà partie de l’équipe.
staff-pending = Invitations en attente
staff-pending-none = Aucune invitation en attente.
staff-expires-days =
    { $days ->
        [one] { $days } jour
       *[other] { $days } jours
    }
staff-revoke = Annuler
staff-revoke-label = Annuler l’invitation envoyée à { $email }
staff-invite = Inviter quelqu’un
staff-invite-lead = La personne recevra un e-mail avec un lien, valable 7 jours, pour choisir son nom et son mot de passe.
staff-invite-email = Son adresse e-mail
staff-invite-role = Rôle
staff-invite-submit = Envoyer l’invitation
staff-invite-sent = Invitation envoyée. Le lien de l’e-mail est valable 7 jours.
staff-seats = { $used } place(s) occupée(s) sur { $max } dans votre formule (invitations en attente comprises).
staff-invite-title = Rejoindre { $shop }
staff-invite-welcome = { $inviter } vous invite à rejoindre l’équipe de « { $shop } », avec le rôle « { $role } ». Vous vous connecterez avec l’adresse { $email }.
staff-invite-accept = Rejoindre l’équipe
staff-invite-invalid = Cette invitation n’est plus valable : elle a expiré, a déjà servi ou a été annulée. Demandez à la personne qui vous a invité·e de vous en envoyer une nouvelle.
staff-invite-already-member = Cette adresse a déjà un compte dans cette boutique. Connectez-vous, ou utilisez « Mot de passe oublié ? ».

account-title = Mon compte
account-profile = Profil
account-email = Adresse e-mail
account-role = Rôle
account-name = Votre nom
account-name-submit = Enregistrer le nom
account-password = Mot de passe
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-password-ends-sessions = Changer de mot de passe vous déconnecte de vos autres appareils et navigateurs.
account-password-submit = Changer le mot de passe
account-password-wrong = Ce n’est pas votre mot de passe actuel.
account-password-changed = Mot de passe changé. Vos autres sessions ont été fermées.
account-rate-limited = Trop de tentatives erronées. Pour votre sécurité, attendez 15 minutes avant de réessayer.
account-sessions = Sessions
account-sessions-count =
    { $count ->
        [one] Vous êtes connecté·e sur un seul appareil ou navigateur : celui-ci.
       *[other] Vous êtes connecté·e sur { $count } appareils ou navigateurs, celui-ci compris.
    }
account-logout-everywhere = Se déconnecter partout
account-logout-everywhere-hint = Ferme toutes les sessions, celle-ci comprise : utile après avoir utilisé un ordinateur partagé ou perdu un téléphone.
