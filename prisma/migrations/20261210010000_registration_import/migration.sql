-- Import of a hospital's registrant list (issue 15): an account can be matched by its phone,
-- and an uploaded list is kept between the preview and the confirmation, keyed by its hash.

-- AlterTable
ALTER TABLE "User" ADD COLUMN "phone" TEXT;

-- CreateTable
CREATE TABLE "RegistrationImport" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "fileName" TEXT,
    "rowCount" INTEGER NOT NULL,
    "rows" JSONB NOT NULL,
    "createdById" TEXT,
    "importedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistrationImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_phone_key" ON "User"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "RegistrationImport_eventId_contentHash_key" ON "RegistrationImport"("eventId", "contentHash");

-- AddForeignKey
ALTER TABLE "RegistrationImport" ADD CONSTRAINT "RegistrationImport_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
