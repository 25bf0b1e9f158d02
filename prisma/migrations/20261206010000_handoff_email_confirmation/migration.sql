-- Handoff emails go only to an address its owner confirmed (a signed link sent to it) or the one the
-- shop's platform vouches for: this is the address that was confirmed. Changing the handoff address
-- clears it. Existing shops start unconfirmed on purpose: an address typed before this check was
-- never proven to want the mail (the console shows it as waiting for confirmation).
ALTER TABLE "shops" ADD COLUMN "handoff_email_confirmed" TEXT;
