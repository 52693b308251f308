### Descriptions françaises des erreurs de panier, de commande et de cartstore.
### Source: seed 000_4c6cc1ea910928aa.txt (fr-FR), verbatim for every code it has.
### Rows the seed lacks are the project's own translation (marked "# own translation").
### The error-* messages are the project's own wording.

## CartErrorCode

cart-0 = Valeur par défaut.
cart-10000 = La devise n’est pas prise en charge pour le marché spécifié.
cart-10001 = L’ID d’élément de catalogue n’est pas valide.
cart-10002 = Le quota disponible est insuffisant.
cart-10003 = L’inventaire n’est pas disponible pour l’offre sélectionnée.
cart-10004 = La définition des participants n’est pas prise en charge pour ce partenaire.
cart-10006 = Impossible de traiter l’élément de ligne de panier.
cart-10007 = L’abonnement n’est pas valide.
cart-10008 = L’abonnement n’est pas activé pour les réservations Azure.
cart-10009 = La limite du bac à sable (sandbox) a été dépassée.
# own translation
cart-10010 = L’entrée générique n’est pas valide.
# own translation
cart-10011 = L’abonnement n’est pas valide.
# own translation
cart-10012 = L’attestation n’a pas été acceptée.
# own translation
cart-10013 = Le plan de facturation n’est pas pris en charge.
# own translation
cart-10014 = L’appelant a transmis un promotionId non valide.
# own translation
cart-10015 = Le nombre de licences demandé dépasse la limite.
# own translation
cart-10016 = La date de fin de terme personnalisée ne peut être définie que pour les produits Office modernes, hors version d’essai, dotés d’une durée de terme.
# own translation
cart-10017 = La date de fin de terme personnalisée n’est pas valide.
# own translation
cart-10018 = La quantité de licences de l’offre de base requise pour acheter le module complémentaire n’est pas atteinte.
# own translation
cart-10019 = Le nombre minimal de licences requis pour acheter le module complémentaire n’est pas atteint.
# own translation
cart-500600 = L’offre héritée ne peut plus être achetée.

## OrderErrorCode

order-800001 = Jeton de partenaire manquant dans le contexte de la requête.
order-800002 = Entrée de demande non valide.
order-800003 = Erreur de service inattendue.
order-800004 = ID d’offre non valide.
order-800005 = Échec de la création d’une commande.
order-800007 = Impossible de récupérer les informations de configuration.
order-800008 = Impossible de récupérer l’ID du panier.
order-800009 = Erreur dans le ou les éléments du panier.
order-800010 = L’inventaire n’est pas disponible pour cet élément de catalogue.
order-800011 = Cet abonnement n’est pas un abonnement Azure valide.
order-800012 = Cet abonnement n’est pas un abonnement actif.
order-800013 = Cet abonnement n’est pas activé pour l’achat RI.
order-800014 = Une modification en attente est demandée pour cette commande.
order-800015 = ID MPN introuvable.
order-800016 = L’ID MPN n’est pas un revendeur indirect valide.
order-800017 = La quantité n’est pas disponible pour cet élément de catalogue.
order-800018 = La limite du bac à sable (sandbox) a été respectée.
order-800019 = Cette opération est uniquement activée pour les locataires sandbox.
order-800020 = L’élément du catalogue ne peut pas être acheté.
order-800021 = Cet abonnement n’est pas un abonnement valide.
order-800022 = Vous pouvez être éligible pour cette transaction. Veuillez contacter le support technique pour obtenir de l’aide.
order-800023 = Vous n’êtes pas éligible à cette transaction, car votre ligne de crédit n’atteint pas le seuil minimal pour cet achat. Veuillez mettre à jour votre commande (ou) Contacter le support technique pour obtenir de l’aide.
order-800024 = Vous n’êtes pas éligible pour cette transaction.
order-800025 = Vous n’êtes pas éligible à cette transaction, car votre ligne de crédit n’atteint pas le seuil minimal pour cet achat. Veuillez mettre à jour votre commande (ou) Contacter le support technique pour obtenir de l’aide.
order-800026 = Vous n’êtes pas éligible pour cette transaction.
order-800030 = Cet abonnement n’est pas inscrit.
order-800031 = Le système d’achat n’est pas pris en charge.
order-800036 = Échec de la condition préalable.
order-800037 = ID d’élément multimédia introuvable.
order-800038 = FutureBillingInfo de ressource introuvable.
order-800039 = L’état du programme du revendeur n’est pas actif.
order-800040 = L’état de la ressource ne peut pas être remplacé par { $to } à partir de { $from }.
order-800041 = Cet élément a déjà été activé.
order-800042 = Non pris en charge.
order-800043 = L’accès aux informations de tarification n’est pas accordé.
order-800060 = Votre commande est en cours. Veuillez consulter l’historique des commandes récemment en quelques minutes.
order-800061 = Impossible d’annuler l’ordre.
order-800062 = Vous n’êtes pas éligible pour cette transaction.
order-800063 = Impossible d’annuler cette commande { $orderId }. Utilisez PATCH /customers/{ $customerId }/subscriptions/<subscriptionId> pour suspendre les abonnements.
order-800064 = Le { $cartId } du panier est en cours de traitement par une autre demande.
order-800065 = Impossible d’extraire une { $cartId } de panier déjà soumise.

## The library's own errors (the project's own wording)

error-order-not-found = La commande { $orderId } est introuvable.
error-quote-not-found = Le devis { $quoteNumber } est introuvable.
error-cart-expired = Le panier { $cartId } a expiré et ne peut plus être modifié ni validé.
error-cart-ordered =
    { $operation ->
        [update] Impossible de modifier le panier { $cartId } : il a déjà été soumis sous forme de commande.
        [delete] Impossible de supprimer le panier { $cartId } : il a déjà été soumis sous forme de commande.
       *[other] Impossible de changer le panier { $cartId } : il a déjà été soumis sous forme de commande.
    }
error-conflict = Le panier { $cartId } a été modifié par une autre demande depuis sa lecture. Relisez-le et réessayez.
error-schema-too-new = La base de données a été écrite par une version plus récente de cartstore (version de schéma { $found } ; cette version prend en charge au plus la version { $supported }) et n’a pas été ouverte.
error-not-a-database = Le fichier { $path } n’est pas une base de données cartstore (ce n’est pas un fichier SQLite, ou il est endommagé).
error-storage =
    { $kind ->
        [full] La base de données ou le disque est plein ; rien n’a été enregistré.
        [read-only] Impossible d’écrire dans la base de données.
        [busy] La base de données est verrouillée par un autre processus ; réessayez.
        [io] Une lecture ou une écriture du fichier de base de données a échoué.
        [corrupt] Le fichier de base de données est endommagé.
        [unavailable] Le serveur de base de données { $server } est injoignable ; rien n’a été enregistré.
       *[other] Une erreur de stockage s’est produite ; rien n’a été enregistré.
    }
error-file =
    { $operation ->
        [read] Impossible de lire le fichier { $path } : { $reason }
       *[write] Impossible d’écrire le fichier { $path } : { $reason }
    }
error-invalid-input =
    { $problem ->
        [missing] Entrée de demande non valide : le champ { $field } est obligatoire.
        [too-long] Entrée de demande non valide : le champ { $field } dépasse { $limit } octets.
        [too-many] Entrée de demande non valide : le champ { $field } contient plus de { $limit } éléments.
        [too-deep] Entrée de demande non valide : le champ { $field } est imbriqué sur plus de { $limit } niveaux.
        [duplicate] Entrée de demande non valide : la valeur du champ { $field } apparaît plusieurs fois.
        [not-whole-number] Entrée de demande non valide : le champ { $field } doit être un nombre entier.
        [out-of-range] Entrée de demande non valide : la valeur du champ { $field } est hors limites.
        [wrong-type] Entrée de demande non valide : la valeur du champ { $field } n’est pas du bon type.
        [syntax] Entrée de demande non valide : le corps de la demande n’est pas un JSON valide : { $detail }.
        [not-allowed] Entrée de demande non valide : le champ { $field } ne peut pas être modifié ou n’est pas autorisé ici.
       *[invalid] Entrée de demande non valide : la valeur du champ { $field } n’est pas valide.
    }
error-invalid-messages =
    { $problem ->
        [syntax] Le fichier de messages { $resource } n’a pas été chargé : la ligne { $line } n’est pas du Fluent valide ({ $detail }).
        [syntax-in] Le fichier de messages { $resource } n’a pas été chargé : la ligne { $line }, dans le message { $id }, n’est pas du Fluent valide ({ $detail }).
        [unknown-id] Le fichier de messages { $resource } n’a pas été chargé : la ligne { $line } définit { $id }, qui n’est pas un message de cartstore.
        [unknown-variable] Le fichier de messages { $resource } n’a pas été chargé : à la ligne { $line }, le message { $id } utilise la variable { $variable }, que cartstore ne lui fournit pas.
        [reference] Le fichier de messages { $resource } n’a pas été chargé : à la ligne { $line }, le message { $id } fait référence au message { $name } ; les messages fournis ne peuvent pas faire référence à d’autres messages (écrivez le texte en entier).
        [unknown-reference] Le fichier de messages { $resource } n’a pas été chargé : à la ligne { $line }, le message { $id } fait référence à { $name }, qui n’est pas un message de cartstore.
        [duplicate] Le fichier de messages { $resource } n’a pas été chargé : la ligne { $line } définit { $id } une seconde fois.
        [no-value] Le fichier de messages { $resource } n’a pas été chargé : à la ligne { $line }, le message { $id } n’a pas de texte.
        [bad-locale] Le fichier de messages { $resource } n’a pas été chargé : { $tag } n’est pas une étiquette de langue (le dossier d’un fichier de messages porte le nom de sa langue, par exemple de ou pt-BR).
        [unknown-file] Le fichier de messages { $resource } n’a pas été chargé : un fichier de messages doit s’appeler { $names }.
        [unreadable] Le fichier de messages { $resource } n’a pas pu être lu : { $detail }.
       *[other] Le fichier de messages { $resource } n’a pas été chargé.
    }
# A quote template (Quote::to_html_with) that does not parse or render; $line is "none"
# when the error has no line; $detail is the template engine's own message (English).
error-invalid-template =
    { $line ->
        [none] Le modèle de devis a été refusé : { $detail }.
       *[other] Le modèle de devis a été refusé : ligne { $line } : { $detail }.
    }

## Labels used by the demo and the command-line tool

label-locale-name = Français
# The command-line tool's description of a storage error: the error's description, then the
# database file.
error-with-database-file = { $description } Fichier de base de données : { $path }
error-with-database-server = { $description } Base de données : { $path }
error-cart-submitting = Le panier { $cartId } est en cours de soumission à Partner Center ; il ne peut être ni modifié ni validé avant la fin de la soumission.
error-submission-not-found = La soumission { $submissionId } est introuvable.
error-partner-center = Partner Center a refusé la demande (HTTP { $status }, code { $code }) : { $description }
error-partner-center-unavailable = Partner Center ({ $endpoint }) est injoignable ; la soumission est conservée et reprendra là où elle s’est arrêtée.
error-authentication-required = Partner Center demande une nouvelle connexion ; la soumission est suspendue jusqu’à ce que l’application fournisse un jeton d’accès valide.
error-availability =
    { $found ->
        [none] La ligne { $lineId } ({ $catalogItemId }) ne peut pas être achetée par ce client : aucune disponibilité Partner Center ne correspond à son produit, son segment, son pays, sa durée d’engagement et son cycle de facturation.
       *[several] La ligne { $lineId } ({ $catalogItemId }) correspond à { $count } disponibilités Partner Center ; cartstore n’en choisit aucune. Indiquez la disponibilité dans la ligne.
    }
