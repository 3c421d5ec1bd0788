-- The verify page's log: one row per certificate, outcome and day (UTC) with a counter,
-- instead of one row per look-up (anonymous traffic grew it without bound). Existing rows
-- are folded into their day's counters; addresses, user agents and presented codes go.
CREATE TEMP TABLE "_verification_days" AS
SELECT date_trunc('day', "createdAt") AS "day",
       COALESCE("certificateId", 'invalid') AS "scope",
       "certificateId",
       "outcome",
       count(*)::INTEGER AS "lookups",
       min("createdAt") AS "createdAt",
       max("createdAt") AS "updatedAt"
  FROM "CertificateVerification"
 GROUP BY 1, 2, 3, 4;

DROP TABLE "CertificateVerification";

-- CreateTable
CREATE TABLE "CertificateVerification" (
    "id" BIGSERIAL NOT NULL,
    "day" TIMESTAMP(3) NOT NULL,
    "scope" TEXT NOT NULL,
    "certificateId" TEXT,
    "outcome" "VerificationOutcome" NOT NULL,
    "lookups" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CertificateVerification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CertificateVerification_day_scope_outcome_key" ON "CertificateVerification"("day", "scope", "outcome");

-- CreateIndex
CREATE INDEX "CertificateVerification_certificateId_day_idx" ON "CertificateVerification"("certificateId", "day");

-- AddForeignKey
ALTER TABLE "CertificateVerification" ADD CONSTRAINT "CertificateVerification_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

INSERT INTO "CertificateVerification" ("day", "scope", "certificateId", "outcome", "lookups", "createdAt", "updatedAt")
SELECT "day", "scope", "certificateId", "outcome", "lookups", "createdAt", "updatedAt" FROM "_verification_days";

DROP TABLE "_verification_days";
