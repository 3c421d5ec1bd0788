-- CreateEnum
CREATE TYPE "AttendanceKind" AS ENUM ('JOIN', 'LEAVE', 'HEARTBEAT', 'AWAY', 'BACK', 'PRESENCE_PROMPT', 'PRESENCE_ACK', 'VENUE_ENTRY', 'VENUE_EXIT', 'REPLAY_PROGRESS');

-- CreateEnum
CREATE TYPE "AttendanceSource" AS ENUM ('LIVE', 'VENUE', 'REPLAY');

-- AlterTable
ALTER TABLE "Venue" ADD COLUMN     "forumId" TEXT;

-- CreateTable
CREATE TABLE "AttendanceEvent" (
    "id" BIGSERIAL NOT NULL,
    "registrationId" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "kind" "AttendanceKind" NOT NULL,
    "source" "AttendanceSource" NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "clientAt" TIMESTAMP(3),
    "nonce" TEXT NOT NULL,
    "promptId" TEXT,
    "mediaFromSec" DOUBLE PRECISION,
    "mediaToSec" DOUBLE PRECISION,

    CONSTRAINT "AttendanceEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PresencePrompt" (
    "id" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3),
    "timeoutSec" INTEGER NOT NULL,
    "planned" BOOLEAN NOT NULL DEFAULT false,
    "triggeredById" TEXT,
    "promptedCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PresencePrompt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AttendanceEvent_registrationId_receivedAt_idx" ON "AttendanceEvent"("registrationId", "receivedAt");

-- CreateIndex
CREATE INDEX "AttendanceEvent_forumId_receivedAt_idx" ON "AttendanceEvent"("forumId", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceEvent_registrationId_nonce_key" ON "AttendanceEvent"("registrationId", "nonce");

-- CreateIndex
CREATE INDEX "PresencePrompt_forumId_dueAt_idx" ON "PresencePrompt"("forumId", "dueAt");

-- CreateIndex
CREATE INDEX "PresencePrompt_firedAt_dueAt_idx" ON "PresencePrompt"("firedAt", "dueAt");

-- CreateIndex
CREATE INDEX "Venue_forumId_idx" ON "Venue"("forumId");

-- AddForeignKey
ALTER TABLE "Venue" ADD CONSTRAINT "Venue_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceEvent" ADD CONSTRAINT "AttendanceEvent_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceEvent" ADD CONSTRAINT "AttendanceEvent_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PresencePrompt" ADD CONSTRAINT "PresencePrompt_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "AttendanceInterval" (
    "id" BIGSERIAL NOT NULL,
    "registrationId" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "source" "AttendanceSource" NOT NULL,
    "start" TIMESTAMP(3) NOT NULL,
    "end" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttendanceInterval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceDerivation" (
    "forumId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "lastEventId" BIGINT NOT NULL,
    "registrations" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttendanceDerivation_pkey" PRIMARY KEY ("forumId")
);

-- CreateIndex
CREATE INDEX "AttendanceInterval_forumId_start_idx" ON "AttendanceInterval"("forumId", "start");

-- CreateIndex
CREATE INDEX "AttendanceInterval_registrationId_forumId_idx" ON "AttendanceInterval"("registrationId", "forumId");

-- AddForeignKey
ALTER TABLE "AttendanceInterval" ADD CONSTRAINT "AttendanceInterval_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceInterval" ADD CONSTRAINT "AttendanceInterval_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceDerivation" ADD CONSTRAINT "AttendanceDerivation_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;
