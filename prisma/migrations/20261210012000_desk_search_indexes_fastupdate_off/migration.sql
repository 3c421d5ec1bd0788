-- The trigram indexes of 20261210011000 write each new row into the index at once instead of
-- into a pending list. pg_trgm's GIN indexes also answer equality, and right after a bulk insert
-- (an import of 5,000 people) the planner may look accounts up by email through them: every
-- lookup then reads the whole unflushed pending list (bench/registration-import.ts: the second
-- import of the same list took 51 s in one query until autovacuum flushed it). Without the
-- pending list an insert costs a little more and no lookup depends on autovacuum.
ALTER INDEX "User_realName_idx" SET (fastupdate = off);
ALTER INDEX "User_email_idx" SET (fastupdate = off);
ALTER INDEX "User_institution_idx" SET (fastupdate = off);
