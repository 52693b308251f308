## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = Devis n° { $number }
quote-heading = Devis
quote-number = Numéro de devis
quote-issued = Date d’émission
quote-valid-until = Valable jusqu’au
quote-seller = Émis par
quote-customer = Client
quote-customer-id = Identifiant client
quote-contact = Contact
quote-email = Courriel
quote-phone = Téléphone
quote-tax-id = Identifiant fiscal
quote-group-heading =
    { $cycle ->
        [monthly] Facturation mensuelle, en { $currency }
        [annual] Facturation annuelle, en { $currency }
        [biennial] Facturation biennale, en { $currency }
        [triennial] Facturation unique, d’avance, pour la durée de trois ans, en { $currency }
        [one_time] Facturation unique, en { $currency }
        [none] Sans frais, en { $currency }
       *[other] Facturation en { $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] Mensuelle
        [annual] Annuelle
        [biennial] Biennale
        [triennial] Triennale
        [one_time] Unique
        [none] Sans frais
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 mois
        [P1Y] 1 an
        [P2Y] 2 ans
        [P3Y] 3 ans
        [none] Aucune
       *[other] { $term }
    }
quote-col-item = Produit
quote-col-term = Durée
quote-col-billing = Facturation
quote-col-quantity = Quantité
quote-col-unit-price = Prix unitaire HT
quote-col-per-period = Montant HT par période
quote-col-term-total = Total HT sur la durée
quote-addon = Module complémentaire
quote-total-per-period = Total HT par période de facturation
quote-total-term = Total HT sur la durée
quote-unit-price-note = Les prix unitaires s’entendent par unité et par période de facturation.
quote-tax-note = Tous les prix sont indiqués hors taxes (HT) ; les taxes applicables seront ajoutées à la facture, le cas échéant.
quote-validity = Ce devis est valable jusqu’au { $date }. Passé cette date, les prix et la disponibilité sont susceptibles d’évoluer.
quote-terms-heading = Conditions générales
quote-excluded-heading = Articles non inclus
quote-excluded-intro = Les articles suivants du panier ne peuvent pas faire l’objet d’un devis pour le moment :
quote-col-reason = Motif
quote-price-changes-heading = Changements de prix prévus
quote-price-changes-intro = Le prix des articles suivants sera modifié avant l’expiration de ce devis :
quote-col-effective = Date d’effet
quote-col-new-price = Nouveau prix unitaire
quote-page-footer = Devis n° { $number }
quote-customer-name = { $name }
quote-group-term = Durée : { $term }
quote-line-start = Début : { $date }
quote-line-commitment-end = Fin d’engagement : { $date }
quote-line-available-until = Plus disponible après le { $date }
quote-trial = Essai
quote-usage-charges = Frais à l’usage possibles
quote-summary-heading = Récapitulatif
quote-col-currency = Devise
quote-col-due-first = Première facture HT
quote-col-recurring-monthly = Montant mensuel récurrent HT
quote-col-contract-value = Valeur totale du contrat HT
quote-nce-heading = Conditions de l’abonnement
quote-nce-cancellation = L’abonnement ne peut être résilié avec remboursement au prorata que dans les 7 jours (168 heures) suivant son achat ou son renouvellement.
quote-nce-seats = Des licences peuvent être ajoutées à tout moment ; leur nombre ne peut être réduit qu’au renouvellement.
quote-nce-price = Le prix est ferme pendant toute la durée de l’engagement.
quote-nce-renewal = À l’échéance, l’abonnement est reconduit automatiquement au tarif alors en vigueur, sauf si le renouvellement automatique a été désactivé.
