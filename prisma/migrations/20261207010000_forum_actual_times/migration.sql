-- Forums as they really ran (issue 14): the live-status log, staff-confirmed actual times, and
-- a review flag on certificates whose figure would change.

-- CreateTable
CREATE TABLE "ForumLiveStatusChange" (
    "id" BIGSERIAL NOT NULL,
    "forumId" TEXT NOT NULL,
    "from" "LiveStatus" NOT NULL,
    "to" "LiveStatus" NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "userId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForumLiveStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumActualTimes" (
    "forumId" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "pauses" JSONB NOT NULL DEFAULT '[]',
    "confirmedById" TEXT,
    "confirmedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ForumActualTimes_pkey" PRIMARY KEY ("forumId")
);

-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN "reviewFlaggedAt" TIMESTAMP(3),
ADD COLUMN "reviewReason" TEXT;

-- CreateIndex
CREATE INDEX "ForumLiveStatusChange_forumId_at_idx" ON "ForumLiveStatusChange"("forumId", "at");

-- AddForeignKey
ALTER TABLE "ForumLiveStatusChange" ADD CONSTRAINT "ForumLiveStatusChange_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ForumActualTimes" ADD CONSTRAINT "ForumActualTimes_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The audit log has kept every transition since the live stage existed: it seeds the log.
INSERT INTO "ForumLiveStatusChange" ("forumId", "from", "to", "at", "userId", "createdAt")
SELECT a."data"->>'forumId', (a."data"->>'from')::"LiveStatus", (a."data"->>'to')::"LiveStatus",
       COALESCE((a."data"->>'at')::TIMESTAMPTZ AT TIME ZONE 'UTC', a."createdAt"), a."userId", a."createdAt"
  FROM "AuditLog" a
  JOIN "Forum" f ON f."id" = a."data"->>'forumId'
 WHERE a."type" = 'forum.live_status';
