### German (de): a sample of messages an application supplies at run time, not a built-in
### catalog (those are in locales/). Load it with `cartstore --messages examples/messages` or
### `Messages::load`; every message this file lacks falls back to English, one by one.
### The project's own translations.

label-locale-name = Deutsch

## CartErrorCode

cart-10000 = Die Währung wird für den angegebenen Markt nicht unterstützt.
cart-10001 = Die Katalogartikel-ID ist ungültig.
cart-10003 = Für das ausgewählte Angebot ist kein Bestand verfügbar.
cart-10015 = Die angeforderte Anzahl an Lizenzen überschreitet das Limit.

## OrderErrorCode

order-800002 = Ungültige Eingabe in der Anfrage.
order-800008 = Die Warenkorb-ID kann nicht abgerufen werden.
order-800064 = Der Warenkorb { $cartId } wird gerade von einer anderen Anfrage verarbeitet.
order-800065 = Der Warenkorb { $cartId } wurde bereits übermittelt und kann nicht erneut bestellt werden.
