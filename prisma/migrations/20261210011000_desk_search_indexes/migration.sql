-- The registrations desk at 50,000 registrations (issue 15, bench/registration-desk.ts).
-- Its search looks for a text inside a person's name, email or institution (ILIKE '%…%'):
-- trigram GIN indexes answer it for 3+ characters without reading every account. pg_trgm is a
-- trusted extension (PostgreSQL 13+), so the database's owner may create it; it goes into
-- "public" so that every schema (tests run one per file) finds the same operator class.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- CreateIndex
CREATE INDEX "User_realName_idx" ON "User" USING GIN ("realName" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "User_email_idx" ON "User" USING GIN ("email" public.gin_trgm_ops);

-- CreateIndex
CREATE INDEX "User_institution_idx" ON "User" USING GIN ("institution" public.gin_trgm_ops);

-- The desk's default order, newest first: the first page is read from the index, not sorted.
-- CreateIndex
CREATE INDEX "Registration_eventId_createdAt_idx" ON "Registration"("eventId", "createdAt");
