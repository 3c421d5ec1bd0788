-- Mail priority (issue 15, SMTP): the delivery job sends 50 mails every few seconds, oldest first,
-- so a registrant message to 5,000 people held back password resets and confirmations for minutes.
-- Transactional mails now go before bulk ones; oldest first within each.

-- CreateEnum
CREATE TYPE "EmailPriority" AS ENUM ('TRANSACTIONAL', 'BULK');

-- AlterTable
ALTER TABLE "EmailMessage" ADD COLUMN "priority" "EmailPriority" NOT NULL DEFAULT 'TRANSACTIONAL';

-- The bulk mails already written (app/domain/email.ts emailPriority).
UPDATE "EmailMessage" SET "priority" = 'BULK'
WHERE "kind" IN ('registrant_message', 'certificate_issued', 'replay_available', 'registration_import_invitation', 'registration_import') OR "kind" LIKE 'forum\_reminder\_%';

-- CreateIndex
CREATE INDEX "EmailMessage_status_priority_createdAt_idx" ON "EmailMessage"("status", "priority", "createdAt");
