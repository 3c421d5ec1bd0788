-- Events that end (issue 15): staff may override the lifecycle the dates and forums drive
-- (app/domain/event-lifecycle.ts). NULL: automatic; ENDED: over now; OPEN: not over though its dates have passed.

-- CreateEnum
CREATE TYPE "EventLifecycleOverride" AS ENUM ('OPEN', 'ENDED');

-- AlterTable
ALTER TABLE "Event" ADD COLUMN "lifecycleOverride" "EventLifecycleOverride";
