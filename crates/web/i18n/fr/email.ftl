email-welcome-subject = Votre boutique { $shop } est prête
email-welcome-body =
    Bonjour,

    Votre boutique « { $shop } » est ouverte.

    Votre vitrine : { $shop_url }
    Votre espace de gestion : { $admin_url }

    Prochaines étapes : ajoutez votre logo et vos couleurs, puis renseignez votre identité légale (mentions légales).

    À bientôt sur Vitrine.
email-invite-subject = Invitation à rejoindre { $shop }
email-invite-body =
    Bonjour,

    { $inviter } vous invite à aider à gérer la boutique « { $shop } » (rôle : { $role }).

    Pour accepter, choisissez votre mot de passe ici (lien valable 7 jours) :
    { $link }

    Si vous ne vous attendiez pas à cette invitation, ignorez ce message.
email-reset-subject = Réinitialisation de votre mot de passe ({ $shop })
email-reset-body =
    Bonjour,

    Quelqu'un (sans doute vous) a demandé à changer le mot de passe de votre compte sur « { $shop } ».

    Choisissez un nouveau mot de passe ici (lien valable une heure) :
    { $link }

    Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.

# Abuse limits (sign-in paused on an account)
email-sign-in-paused-subject = Connexion à votre compte suspendue ({ $shop })
email-sign-in-paused-body =
    Bonjour,

    De nombreux mots de passe erronés ont été essayés sur votre compte sur « { $shop } », depuis plusieurs adresses. Pour le protéger, la connexion par mot de passe est suspendue pendant 15 minutes.

    Vous pouvez tout de même entrer dès maintenant : choisissez un nouveau mot de passe ici, vous serez connecté (lien valable une heure) :
    { $link }

    Si ce n'était pas vous, changer de mot de passe reste une bonne idée.
email-order-placed-subject = Votre commande n° { $number } chez { $shop }
email-order-placed-body =
    Bonjour,

    Merci pour votre commande n° { $number } chez { $shop }, d’un montant de { $total }.
    Paiement : { $method }.

    Retrouvez le détail de votre commande, la façon de la payer et son suivi ici :
    { $link }
email-order-private-seller = Cette boutique est tenue par un particulier : cette vente entre particuliers n’ouvre pas de droit de rétractation.
email-order-no-withdrawal = Droit de rétractation : les articles de cette commande n’en bénéficient pas.
email-order-withdrawal-right =
    Droit de rétractation : vous disposez de 14 jours après la réception de votre commande pour vous rétracter, sans avoir à vous justifier (articles L221-18 et suivants du Code de la consommation). Le plus simple est la fonction « Renoncer au contrat ici » de la page de votre commande :
    { $link }
email-order-withdrawal-except = Ne sont pas concernés :
email-order-withdrawal-excepted-line = — { $line } : { $why }
email-order-withdrawal-form-intro = Vous pouvez aussi nous envoyer, par courrier ou par e-mail, le formulaire ci-dessous rempli (ou toute autre déclaration dénuée d’ambiguïté).
email-withdrawal-form =
    MODÈLE DE FORMULAIRE DE RÉTRACTATION
    (Veuillez compléter et renvoyer le présent formulaire uniquement si vous souhaitez vous rétracter du contrat.)

    — À l’attention de { $seller } :
    — Je/Nous (*) vous notifie/notifions (*) par la présente ma/notre (*) rétractation du contrat portant sur la vente du bien (*)/pour la prestation de services (*) ci-dessous : commande n° { $number } du { $date }
    — Commandé le (*)/reçu le (*) :
    — Nom du (des) consommateur(s) :
    — Adresse du (des) consommateur(s) :
    — Signature du (des) consommateur(s) (uniquement en cas de notification du présent formulaire sur papier) :
    — Date :

    (*) Rayez la mention inutile.
email-order-paid-subject = Paiement reçu pour votre commande n° { $number } ({ $shop })
email-order-paid-body =
    Bonjour,

    Nous avons bien reçu le paiement de votre commande n° { $number }. Nous la préparons.

    Votre commande : { $link }

    { $shop }
email-order-refunded-subject = Remboursement de { $amount } pour votre commande n° { $number } ({ $shop })
email-order-refunded-body =
    Bonjour,

    Nous vous avons remboursé { $amount } sur votre commande n° { $number }, par le moyen de paiement utilisé. Selon votre banque, la somme apparaît sur votre compte sous quelques jours.

    Votre commande : { $link }

    { $shop }
email-order-refunded-recorded-body =
    Bonjour,

    Nous vous avons remboursé { $amount } sur votre commande n° { $number }.

    Votre commande : { $link }

    { $shop }
email-order-delivered-subject = Votre commande n° { $number } vous a été remise ({ $shop })
email-order-delivered-body =
    Bonjour,

    Votre commande n° { $number } vous a été remise. Merci de votre confiance !

    Votre commande : { $link }

    { $shop }
email-order-shipped-subject = Votre commande n° { $number } est en route ({ $shop })
email-order-shipped-body =
    Bonjour,

    Votre commande n° { $number } vient d’être expédiée.
    Suivi : { $tracking }

    Votre commande : { $link }

    { $shop }
email-order-cancelled-subject = Votre commande n° { $number } est annulée ({ $shop })
email-order-cancelled-body =
    Bonjour,

    Votre commande n° { $number } a été annulée. Si vous l’aviez payée, nous vous remboursons.

    Votre commande : { $link }

    { $shop }
email-withdrawal-subject = Accusé de réception de votre rétractation — commande n° { $number } ({ $shop })
email-withdrawal-body =
    Bonjour { $name },

    Nous avons bien reçu, le { $date }, votre demande de rétractation de la commande n° { $number } passée chez { $shop }, pour :
    { $lines }

    Renvoyez ces articles à la boutique dans les 14 jours (ses coordonnées sont dans les mentions légales du site). Vous serez remboursé dans les 14 jours suivant votre demande, par le moyen de paiement utilisé ; la boutique peut attendre d’avoir reçu les articles pour le faire.

    Votre commande : { $link }

    { $shop }

# Buttons of the HTML e-mails (the address stays written beneath)
email-button-shop = Voir ma vitrine
email-button-admin = Gérer ma boutique
email-button-password = Choisir mon mot de passe
email-button-sign-in = Se connecter
email-button-invitation = Accepter l’invitation
email-button-order = Voir ma commande

email-button-tracking = Suivre mon colis

## Le loyer d’une boutique.
email-button-billing = Mon offre et ma facturation
email-rent-paid-subject = Loyer de { $shop } réglé : facture { $invoice }
email-rent-paid-body = Merci : nous avons bien reçu { $amount } pour { $shop }. La facture { $invoice } est jointe ; toutes vos factures sont dans votre page Offre et facturation.
email-rent-failed-subject = Paiement refusé pour { $shop }
email-rent-failed-body = Nous n’avons pas pu débiter { $amount } pour votre boutique { $shop } ({ $reason }). Votre boutique reste ouverte jusqu’au { $date } : réglez ou ajoutez une autre carte depuis votre page Offre et facturation d’ici là.
email-rent-reminder-subject = Rappel : le loyer de { $shop } est impayé
email-rent-reminder-body = Nous avons de nouveau tenté de débiter { $amount } pour { $shop }, sans succès ({ $reason }). Votre boutique sera fermée le { $date } si le loyer n’est pas réglé : vous pouvez payer ou ajouter une autre carte depuis votre page Offre et facturation.
email-rent-suspended-subject = { $shop } est fermée pour loyer impayé
email-rent-suspended-body = Le loyer de { $shop } est toujours impayé : votre boutique est donc fermée aux clients. Rien n’a été supprimé : réglez depuis votre page Offre et facturation et elle rouvre aussitôt.
email-rent-trial-subject = L’essai gratuit de { $shop } se termine le { $date }
email-rent-trial-body = L’essai gratuit de { $shop } se termine le { $date }. Pour garder votre boutique ouverte, ajoutez une carte depuis votre page Offre et facturation : { $amount } seront alors débités pour la première période.

email-interest-confirm-subject = Confirmez : être prévenu de la sortie de « { $product } »
email-interest-confirm-body = Vous avez demandé à { $shop } d’être prévenu le jour où « { $product } » sera en vente. Confirmez-le par ce lien (sans confirmation, nous ne vous écrirons plus) : { $link }
    
    Si ce n’était pas vous, ignorez cet e-mail.
email-button-interest-confirm = Confirmer ma demande
email-interest-reached-subject = { $count ->
    [one] Objectif atteint : { $count } personne attend « { $product } »
   *[other] Objectif atteint : { $count } personnes attendent « { $product } »
}
email-interest-reached-body = Votre test d’intérêt a atteint son objectif : { $count } personnes ont confirmé attendre « { $product } » (objectif : { $goal }). Vous pouvez le mettre en vente et les prévenir d’un clic : { $link }
email-button-interest = Voir les tests d’intérêt
email-interest-on-sale-subject = « { $product } » est en vente
email-interest-on-sale-body = Vous aviez demandé à { $shop } d’être prévenu : « { $product } » est en vente. Le voici : { $product_url }
    
    C’est le seul e-mail que nous vous envoyons à son sujet. Votre demande : { $link }
email-button-interest-product = Voir le produit
email-button-interest-stop = Ma demande
