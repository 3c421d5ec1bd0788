-- Look-ups by certificate number (issue 14) need the holder's name; a wrong name is counted
-- against the certificate it was tried on, so staff can see names being guessed.
ALTER TYPE "VerificationOutcome" ADD VALUE 'NAME_MISMATCH';
