-- CreateEnum
CREATE TYPE "LiveStatus" AS ENUM ('OFFLINE', 'LIVE', 'PAUSED', 'ENDED');

-- AlterTable
ALTER TABLE "Forum" ADD COLUMN     "liveEndedAt" TIMESTAMP(3),
ADD COLUMN     "liveStartedAt" TIMESTAMP(3),
ADD COLUMN     "liveStatus" "LiveStatus" NOT NULL DEFAULT 'OFFLINE';

-- CreateTable
CREATE TABLE "StageInvitation" (
    "forumId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StageInvitation_pkey" PRIMARY KEY ("forumId","userId")
);

-- CreateIndex
CREATE INDEX "StageInvitation_userId_idx" ON "StageInvitation"("userId");

-- AddForeignKey
ALTER TABLE "StageInvitation" ADD CONSTRAINT "StageInvitation_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageInvitation" ADD CONSTRAINT "StageInvitation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
