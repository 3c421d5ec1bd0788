-- My agenda (issue 15): the forums an attendee plans to follow. No rows: the main forum(s).
-- The personal calendar and the staff's expected head count per forum follow it.

-- CreateTable
CREATE TABLE "AgendaChoice" (
    "registrationId" TEXT NOT NULL,
    "forumId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgendaChoice_pkey" PRIMARY KEY ("registrationId","forumId")
);

-- CreateIndex
CREATE INDEX "AgendaChoice_forumId_idx" ON "AgendaChoice"("forumId");

-- AddForeignKey
ALTER TABLE "AgendaChoice" ADD CONSTRAINT "AgendaChoice_registrationId_fkey" FOREIGN KEY ("registrationId") REFERENCES "Registration"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgendaChoice" ADD CONSTRAINT "AgendaChoice_forumId_fkey" FOREIGN KEY ("forumId") REFERENCES "Forum"("id") ON DELETE CASCADE ON UPDATE CASCADE;
