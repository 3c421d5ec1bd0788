-- Guest speakers (issue 15): a speaker invited by e-mail who had no account gets one with the
-- invitation. Neither on the programme nor registered, they hold the stage by the moderator's
-- invitation alone; removing the invitation removes it.

-- AlterTable
ALTER TABLE "StageInvitation" ADD COLUMN "guest" BOOLEAN NOT NULL DEFAULT false;
