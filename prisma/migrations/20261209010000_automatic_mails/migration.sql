-- Automatic mails (issue 15): reminders before each forum an attendee chose, "your certificate
-- is issued" and "the replay is available", each switchable per event. Every recipient's mail
-- has its own EmailMessage.dedupeKey (never sent twice for the same reason); a pass over a
-- forum's registrants is remembered as done so it is not repeated every minute.

-- AlterTable
ALTER TABLE "Event" ADD COLUMN "mailForumReminders" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "mailCertificateIssued" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN "mailReplayAvailable" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "AutomaticMailPass" (
    "key" TEXT NOT NULL,
    "recipients" INTEGER NOT NULL,
    "doneAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AutomaticMailPass_pkey" PRIMARY KEY ("key")
);

-- "Your certificate is issued" looks for the certificates issued in the last two days.
-- CreateIndex
CREATE INDEX "Certificate_issuedAt_idx" ON "Certificate"("issuedAt");
