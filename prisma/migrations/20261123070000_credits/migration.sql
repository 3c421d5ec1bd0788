-- CreateEnum
CREATE TYPE "CreditScheme" AS ENUM ('CN_CME_CLASS_I', 'CN_CME_CLASS_II', 'AMA_PRA_CAT1', 'CUSTOM');

-- CreateEnum
CREATE TYPE "CreditMode" AS ENUM ('FIXED', 'PER_HOUR');

-- CreateEnum
CREATE TYPE "CreditRounding" AS ENUM ('NONE', 'QUARTER_HOUR');

-- CreateEnum
CREATE TYPE "CreditAudience" AS ENUM ('ATTENDEE', 'FACULTY');

-- CreateEnum
CREATE TYPE "CreditDelivery" AS ENUM ('LIVE', 'REPLAY');

-- CreateEnum
CREATE TYPE "ProjectLevel" AS ENUM ('NATIONAL', 'PROVINCIAL', 'MUNICIPAL');

-- CreateEnum
CREATE TYPE "CertificateStatus" AS ENUM ('VALID', 'REVOKED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "VerificationOutcome" AS ENUM ('VALID', 'REVOKED', 'SUPERSEDED', 'INVALID');

-- CreateEnum
CREATE TYPE "CertificateBatchStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "creditReportingConsentAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CreditRule" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "forumId" TEXT,
    "sessionId" TEXT,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "audience" "CreditAudience" NOT NULL DEFAULT 'ATTENDEE',
    "delivery" "CreditDelivery" NOT NULL DEFAULT 'LIVE',
    "scheme" "CreditScheme" NOT NULL,
    "mode" "CreditMode" NOT NULL,
    "credits" DOUBLE PRECISION NOT NULL,
    "maxCredits" DOUBLE PRECISION,
    "rounding" "CreditRounding" NOT NULL DEFAULT 'NONE',
    "sources" "AttendanceSource"[],
    "minAttendedMinutes" DOUBLE PRECISION,
    "minAttendedRatio" DOUBLE PRECISION,
    "requireExamPassed" BOOLEAN NOT NULL DEFAULT false,
    "requireEvaluation" BOOLEAN NOT NULL DEFAULT false,
    "minPresenceAnsweredRatio" DOUBLE PRECISION,
    "projectNumber" TEXT,
    "projectLevel" "ProjectLevel",
    "autoIssue" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreditRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "registrationId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "current" BOOLEAN DEFAULT true,
    "status" "CertificateStatus" NOT NULL DEFAULT 'VALID',
    "code" TEXT NOT NULL,
    "credits" DOUBLE PRECISION NOT NULL,
    "holderName" TEXT NOT NULL,
    "criteria" JSONB NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "issuedById" TEXT,
    "overrideReason" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokedReason" TEXT,
    "revokedById" TEXT,
    "supersededAt" TIMESTAMP(3),
    "supersededById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateVerification" (
    "id" BIGSERIAL NOT NULL,
    "certificateId" TEXT,
    "outcome" "VerificationOutcome" NOT NULL,
    "code" TEXT NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CertificateVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CertificateBatch" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "requestedById" TEXT,
    "status" "CertificateBatchStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER NOT NULL DEFAULT 0,
    "processed" INTEGER NOT NULL DEFAULT 0,
    "issued" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CertificateBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CreditRule_eventId_idx" ON "CreditRule"("eventId");

-- CreateIndex
CREATE INDEX "CreditRule_forumId_idx" ON "CreditRule"("forumId");

-- CreateIndex
CREATE INDEX "CreditRule_sessionId_idx" ON "CreditRule"("sessionId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_code_key" ON "Certificate"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_supersededById_key" ON "Certificate"("supersededById");

-- CreateIndex
CREATE INDEX "Certificate_userId_issuedAt_idx" ON "Certificate"("userId", "issuedAt");

-- CreateIndex
CREATE INDEX "Certificate_eventId_status_idx" ON "Certificate"("eventId", "status");

-- CreateIndex
CREATE INDEX "Certificate_registrationId_idx" ON "Certificate"("registrationId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_ruleId_userId_version_key" ON "Certificate"("ruleId", "userId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_ruleId_userId_current_key" ON "Certificate"("ruleId", "userId", "current");

-- CreateIndex
CREATE INDEX "CertificateVerification_certificateId_createdAt_idx" ON "CertificateVerification"("certificateId", "createdAt");

-- CreateIndex
CREATE INDEX "CertificateVerification_createdAt_idx" ON "CertificateVerification"("createdAt");

-- CreateIndex
CREATE INDEX "CertificateBatch_eventId_createdAt_idx" ON "CertificateBatch"("eventId", "createdAt");

-- CreateIndex
CREATE INDEX "CertificateBatch_ruleId_idx" ON "CertificateBatch"("ruleId");

-- AddForeignKey
ALTER TABLE "CreditRule" ADD CONSTRAINT "CreditRule_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditRule" ADD CONSTRAINT "CreditRule_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CreditRule" ADD CONSTRAINT "CreditRule_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "CreditRule"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_supersededById_fkey" FOREIGN KEY ("supersededById") REFERENCES "Certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateVerification" ADD CONSTRAINT "CertificateVerification_certificateId_fkey" FOREIGN KEY ("certificateId") REFERENCES "Certificate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateBatch" ADD CONSTRAINT "CertificateBatch_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateBatch" ADD CONSTRAINT "CertificateBatch_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "CreditRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;
