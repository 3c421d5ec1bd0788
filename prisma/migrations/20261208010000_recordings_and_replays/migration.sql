-- Broadcast and replay (issue 12): each forum's broadcast is recorded as HLS (fMP4 segments on
-- disk under RECORDINGS_DIR), a recording can be offered as a replay, and an attendee's place
-- in a replay is kept to resume. The ledger records which delivery an online viewer had.

-- CreateEnum
CREATE TYPE "StreamDelivery" AS ENUM ('WEBRTC', 'HLS');

-- CreateEnum
CREATE TYPE "RecordingStatus" AS ENUM ('RECORDING', 'ENDED', 'FAILED');

-- AlterTable
ALTER TABLE "AttendanceEvent" ADD COLUMN "delivery" "StreamDelivery";

-- CreateTable
CREATE TABLE "Recording" (
    "id" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "status" "RecordingStatus" NOT NULL DEFAULT 'RECORDING',
    "dir" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "durationSeconds" DOUBLE PRECISION,
    "failureReason" TEXT,
    "stats" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Replay" (
    "id" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "recordingId" TEXT NOT NULL,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "publishedAt" TIMESTAMP(3),
    "availableFrom" TIMESTAMP(3),
    "availableUntil" TIMESTAMP(3),
    "trimStartSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "trimEndSeconds" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Replay_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Replay_trim_order" CHECK ("trimStartSeconds" >= 0 AND ("trimEndSeconds" IS NULL OR "trimEndSeconds" > "trimStartSeconds")),
    CONSTRAINT "Replay_window_order" CHECK ("availableFrom" IS NULL OR "availableUntil" IS NULL OR "availableUntil" > "availableFrom")
);

-- CreateTable
CREATE TABLE "ReplayPosition" (
    "registrationId" TEXT NOT NULL,
    "replayId" TEXT NOT NULL,
    "positionSec" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ReplayPosition_pkey" PRIMARY KEY ("registrationId","replayId")
);

-- CreateIndex
CREATE INDEX "Recording_forumId_startedAt_idx" ON "Recording"("forumId", "startedAt");

-- At most one recording per forum is being written at a time.
CREATE UNIQUE INDEX "Recording_one_open_per_forum" ON "Recording"("forumId") WHERE "status" = 'RECORDING';

-- CreateIndex
CREATE UNIQUE INDEX "Replay_recordingId_key" ON "Replay"("recordingId");

-- CreateIndex
CREATE INDEX "Replay_forumId_idx" ON "Replay"("forumId");

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Replay" ADD CONSTRAINT "Replay_recordingId_fkey" FOREIGN KEY ("recordingId") REFERENCES "Recording"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplayPosition" ADD CONSTRAINT "ReplayPosition_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReplayPosition" ADD CONSTRAINT "ReplayPosition_replayId_fkey" FOREIGN KEY ("replayId") REFERENCES "Replay"("id") ON DELETE CASCADE ON UPDATE CASCADE;
