-- Issue 23: the partner profile, the seller (name, address, e-mail, phone, tax id, logo) and
-- terms printed on every quote issued without a seller of its own. Numbered V6, not V5: V5 is
-- reserved for the price-list migration written at the same time. One row at most (id = 1),
-- the profile kept as its JSON (the logo in base64), as quotes are.
CREATE TABLE partner_profile (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    profile_json TEXT NOT NULL,
    updated_us   INTEGER NOT NULL
) STRICT;
