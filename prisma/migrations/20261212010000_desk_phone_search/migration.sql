-- The registrations desk finds a person by phone too (issue 15): its search looks for digits
-- inside the stored phone (LIKE '%…%'; phones are stored as one key, app/domain/registration-import.ts
-- `normalizePhone`). A trigram GIN index answers it for 3+ digits, as the name, email and
-- institution indexes of 20261210011000 do for theirs; without it the search's OR over the four
-- columns could use none of them and would read every account.
-- CreateIndex
CREATE INDEX "User_phone_idx" ON "User" USING GIN ("phone" public.gin_trgm_ops);

-- Written into at once, not through a pending list: see 20261210012000.
ALTER INDEX "User_phone_idx" SET (fastupdate = off);
