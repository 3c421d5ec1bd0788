-- Money the way Chinese associations take it (issue 15, section 2): a paid ticket taken by bank
-- transfer (对公转账) against a reference, one transfer possibly paying several registrations
-- of one hospital; fapiao (发票) requests for a registration or for a group transfer.

-- CreateEnum
CREATE TYPE "BankTransferStatus" AS ENUM ('AWAITING', 'RECEIVED', 'EXPIRED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "FapiaoKind" AS ENUM ('GENERAL', 'SPECIAL');

-- CreateEnum
CREATE TYPE "FapiaoStatus" AS ENUM ('REQUESTED', 'ISSUED');

-- AlterTable
ALTER TABLE "Registration" ADD COLUMN "bankTransferId" TEXT;

-- CreateTable
CREATE TABLE "EventBankAccount" (
    "eventId" TEXT NOT NULL,
    "accountName" TEXT NOT NULL,
    "bankName" TEXT NOT NULL,
    "accountNumber" TEXT NOT NULL,
    "holdDays" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EventBankAccount_pkey" PRIMARY KEY ("eventId"),
    CONSTRAINT "EventBankAccount_holdDays_range" CHECK ("holdDays" BETWEEN 1 AND 60)
);

-- CreateTable
CREATE TABLE "BankTransfer" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "BankTransferStatus" NOT NULL DEFAULT 'AWAITING',
    "deadline" TIMESTAMP(3) NOT NULL,
    "payerName" TEXT,
    "receivedAt" TIMESTAMP(3),
    "receivedVia" TEXT,
    "statementLine" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BankTransfer_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "BankTransfer_amount_positive" CHECK ("amount" > 0)
);

-- CreateTable
CREATE TABLE "FapiaoRequest" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "registrationId" TEXT,
    "bankTransferId" TEXT,
    "requestedById" TEXT NOT NULL,
    "kind" "FapiaoKind" NOT NULL,
    "buyerName" TEXT NOT NULL,
    "taxId" TEXT NOT NULL,
    "address" TEXT,
    "phone" TEXT,
    "bankName" TEXT,
    "bankAccount" TEXT,
    "email" TEXT NOT NULL,
    "amount" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "FapiaoStatus" NOT NULL DEFAULT 'REQUESTED',
    "invoiceNumber" TEXT,
    "pdf" BYTEA,
    "issuedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FapiaoRequest_pkey" PRIMARY KEY ("id"),
    -- Exactly one of: a registration's own fapiao, or a group transfer's one fapiao.
    CONSTRAINT "FapiaoRequest_one_subject" CHECK (("registrationId" IS NULL) <> ("bankTransferId" IS NULL))
);

-- CreateIndex
CREATE INDEX "Registration_bankTransferId_idx" ON "Registration"("bankTransferId");

-- CreateIndex
CREATE UNIQUE INDEX "BankTransfer_reference_key" ON "BankTransfer"("reference");

-- CreateIndex
CREATE INDEX "BankTransfer_eventId_status_idx" ON "BankTransfer"("eventId", "status");

-- CreateIndex
CREATE INDEX "BankTransfer_status_deadline_idx" ON "BankTransfer"("status", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "FapiaoRequest_registrationId_key" ON "FapiaoRequest"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "FapiaoRequest_bankTransferId_key" ON "FapiaoRequest"("bankTransferId");

-- CreateIndex
CREATE INDEX "FapiaoRequest_eventId_status_idx" ON "FapiaoRequest"("eventId", "status");

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_bankTransferId_fkey" FOREIGN KEY ("bankTransferId") REFERENCES "BankTransfer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventBankAccount" ADD CONSTRAINT "EventBankAccount_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankTransfer" ADD CONSTRAINT "BankTransfer_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FapiaoRequest" ADD CONSTRAINT "FapiaoRequest_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FapiaoRequest" ADD CONSTRAINT "FapiaoRequest_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FapiaoRequest" ADD CONSTRAINT "FapiaoRequest_bankTransferId_fkey" FOREIGN KEY ("bankTransferId") REFERENCES "BankTransfer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FapiaoRequest" ADD CONSTRAINT "FapiaoRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
