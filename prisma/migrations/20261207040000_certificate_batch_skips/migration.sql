-- Why a certificate batch issued nothing to a person: one row per person and batch with
-- every reason that applies (issue 14: "跳过 N" said how many, never why).

-- CreateEnum
CREATE TYPE "CertificateSkipReason" AS ENUM ('ALREADY_ISSUED', 'CERTIFICATE_REVOKED', 'RULE_INACTIVE', 'NOT_CONFIRMED', 'NO_ATTENDANCE', 'TOO_FEW_MINUTES', 'TOO_LOW_SHARE', 'EXAM_NOT_PASSED', 'EVALUATION_MISSING', 'PRESENCE_UNANSWERED', 'NO_CREDIT', 'FAILED');

-- CreateTable
CREATE TABLE "CertificateBatchSkip" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reasons" "CertificateSkipReason"[],
    "errorCode" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateBatchSkip_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CertificateBatchSkip_batchId_userId_key" ON "CertificateBatchSkip"("batchId", "userId");

-- CreateIndex
CREATE INDEX "CertificateBatchSkip_userId_idx" ON "CertificateBatchSkip"("userId");

-- AddForeignKey
ALTER TABLE "CertificateBatchSkip" ADD CONSTRAINT "CertificateBatchSkip_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "CertificateBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateBatchSkip" ADD CONSTRAINT "CertificateBatchSkip_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
