## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = Devis { $number }
quote-heading = Devis
quote-number = Numéro de devis
quote-issued = Date d’émission
quote-valid-until = Valable jusqu’au
quote-seller = Émis par
quote-customer = Établi pour
quote-customer-id = Identifiant client
quote-contact = Contact
quote-group-heading =
    { $cycle ->
        [monthly] Facturation mensuelle, en { $currency }
        [annual] Facturation annuelle, en { $currency }
        [biennial] Facturation tous les deux ans, en { $currency }
        [triennial] Facturation tous les trois ans, en { $currency }
        [one_time] Facturation unique, en { $currency }
        [none] Sans frais, en { $currency }
       *[other] Facturation en { $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] Mensuelle
        [annual] Annuelle
        [biennial] Tous les deux ans
        [triennial] Tous les trois ans
        [one_time] Unique
        [none] Sans frais
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 mois
        [P1Y] 1 an
        [P2Y] 2 ans
        [P3Y] 3 ans
        [none] Sans engagement
       *[other] { $term }
    }
quote-col-item = Produit
quote-col-term = Durée
quote-col-billing = Facturation
quote-col-quantity = Quantité
quote-col-unit-price = Prix unitaire
quote-col-per-period = Par période de facturation
quote-col-term-total = Total sur la durée
quote-addon = Module complémentaire
quote-total-per-period = Total par période de facturation
quote-total-term = Total sur la durée
quote-unit-price-note = Les prix unitaires s’entendent par unité et par période de facturation.
quote-tax-note = Tous les prix sont indiqués hors taxes ; les taxes applicables sont ajoutées à la facture.
quote-validity = Ce devis est valable jusqu’au { $date }. Passé cette date, les prix et la disponibilité peuvent changer.
quote-terms-heading = Conditions générales
quote-excluded-heading = Articles non inclus
quote-excluded-intro = Les articles suivants du panier ne peuvent pas être chiffrés pour le moment :
quote-col-reason = Motif
quote-price-changes-heading = Changements de prix prévus
quote-price-changes-intro = Le prix de ces articles change avant l’expiration de ce devis :
quote-col-effective = À partir du
quote-col-new-price = Nouveau prix unitaire
quote-page-footer = Devis { $number }
