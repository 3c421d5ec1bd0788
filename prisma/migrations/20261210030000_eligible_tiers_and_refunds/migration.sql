-- Eligible tiers and refunds (issue 15, section 2): a member or student price needs evidence
-- (a member number on the list staff uploaded, or a student card staff approve); a refund by
-- bank transfer is recorded by staff.

-- CreateEnum
CREATE TYPE "TierEvidence" AS ENUM ('NOT_REQUIRED', 'PENDING', 'APPROVED', 'REJECTED', 'CONVERTED');

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "tierEvidence" "TierEvidence" NOT NULL DEFAULT 'NOT_REQUIRED',
ADD COLUMN "memberNumber" TEXT,
ADD COLUMN "tierReviewReason" TEXT;

-- CreateTable
CREATE TABLE "EventMember" (
    "eventId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventMember_pkey" PRIMARY KEY ("eventId","number")
);

-- CreateTable
CREATE TABLE "StudentCard" (
    "registrationId" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudentCard_pkey" PRIMARY KEY ("registrationId")
);

-- CreateTable
CREATE TABLE "TransferRefund" (
    "id" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "bankTransferId" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "refundedOn" TIMESTAMP(3) NOT NULL,
    "reference" TEXT NOT NULL,
    "recordedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TransferRefund_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "TransferRefund_amount_positive" CHECK ("amount" > 0)
);

-- CreateIndex
CREATE INDEX "Registration_eventId_tierEvidence_idx" ON "Registration"("eventId", "tierEvidence");

-- CreateIndex
CREATE INDEX "Registration_eventId_memberNumber_idx" ON "Registration"("eventId", "memberNumber");

-- CreateIndex
CREATE UNIQUE INDEX "TransferRefund_registrationId_key" ON "TransferRefund"("registrationId");

-- CreateIndex
CREATE INDEX "TransferRefund_bankTransferId_idx" ON "TransferRefund"("bankTransferId");

-- AddForeignKey
ALTER TABLE "EventMember" ADD CONSTRAINT "EventMember_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StudentCard" ADD CONSTRAINT "StudentCard_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferRefund" ADD CONSTRAINT "TransferRefund_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TransferRefund" ADD CONSTRAINT "TransferRefund_bankTransferId_fkey" FOREIGN KEY ("bankTransferId") REFERENCES "BankTransfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;
