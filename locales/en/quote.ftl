## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = Quote { $number }
quote-heading = Quote
quote-number = Quote number
quote-issued = Date of issue
quote-valid-until = Valid until
quote-seller = From
quote-customer = Prepared for
quote-customer-id = Customer ID
quote-contact = Contact
quote-email = E-mail
quote-phone = Phone
quote-tax-id = Tax ID
quote-group-heading =
    { $cycle ->
        [monthly] Billed monthly, in { $currency }
        [annual] Billed annually, in { $currency }
        [biennial] Billed every two years, in { $currency }
        [triennial] Billed once, upfront, for the three-year term, in { $currency }
        [one_time] Billed once, in { $currency }
        [none] No charge, in { $currency }
       *[other] Billed in { $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] Monthly
        [annual] Annual
        [biennial] Every two years
        [triennial] 3 years, upfront
        [one_time] One-time
        [none] No charge
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 month
        [P1Y] 1 year
        [P2Y] 2 years
        [P3Y] 3 years
        [none] No term
       *[other] { $term }
    }
quote-col-item = Product
quote-col-term = Term
quote-col-billing = Billing
quote-col-quantity = Quantity
quote-col-unit-price = Unit price
quote-col-per-period = Per billing period
quote-col-term-total = Total for the term
quote-addon = Add-on
quote-total-per-period = Total per billing period
quote-total-term = Total for the term
quote-unit-price-note = Unit prices are per unit and per billing period.
quote-tax-note = All prices exclude taxes, which are added to the invoice where applicable.
quote-validity = This quote is valid until { $date }. After that date, prices and availability may change.
quote-terms-heading = Terms and conditions
quote-excluded-heading = Items not included
quote-excluded-intro = These items of the cart cannot be quoted at this time:
quote-col-reason = Reason
quote-price-changes-heading = Scheduled price changes
quote-price-changes-intro = The price of these items changes before this quote expires:
quote-col-effective = From
quote-col-new-price = New unit price
quote-page-footer = Quote { $number }
quote-customer-name = { $name }

## Added with issue 23: the line facts, the group's term, the summary per currency.
## $date is a date formatted for the locale, $term a term label (quote-term).

quote-group-term = Term: { $term }
quote-line-start = Starts { $date }
quote-line-commitment-end = Commitment ends { $date }
quote-line-available-until = Not available after { $date }
quote-trial = Trial
quote-usage-charges = Usage charges may apply
quote-summary-heading = Summary
quote-col-currency = Currency
quote-col-due-first = Due on the first invoice
quote-col-recurring-monthly = Recurring per month
quote-col-contract-value = Total contract value

## The new-commerce terms, printed when a line has a term. An application rewords one by
## supplying its own quote.ftl, or drops it with an empty text: quote-nce-renewal = { "" }
## (when all four are empty, the heading goes too).

quote-nce-heading = Subscription terms
quote-nce-cancellation = A subscription can be cancelled with a prorated refund only within 7 days (168 hours) of its purchase or renewal.
quote-nce-seats = Seats can be added at any time; they can be reduced only at renewal.
quote-nce-price = The price is fixed for the whole term.
quote-nce-renewal = At the end of the term, the subscription renews automatically at the price then in effect, unless automatic renewal has been turned off.
