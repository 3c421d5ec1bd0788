-- Messages to registrants (issue 15 §1): staff write to a filtered set of an event's registrants
-- from a template in both languages. Templates are saved per event; each send is logged with
-- its filter, its text and its recipients, each recipient linked to its mail in the outbox.

-- CreateTable
CREATE TABLE "RegistrantMessageTemplate" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "subjectZh" TEXT NOT NULL,
    "bodyZh" TEXT NOT NULL,
    "subjectEn" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistrantMessageTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrantMessageSend" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "sentById" TEXT,
    "filter" TEXT NOT NULL,
    "templateId" TEXT,
    "subjectZh" TEXT NOT NULL,
    "bodyZh" TEXT NOT NULL,
    "subjectEn" TEXT NOT NULL,
    "bodyEn" TEXT NOT NULL,
    "recipientCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistrantMessageSend_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RegistrantMessageRecipient" (
    "emailMessageId" TEXT NOT NULL,
    "sendId" TEXT NOT NULL,
    "registrationId" TEXT NOT NULL,
    "locale" "Locale" NOT NULL,

    CONSTRAINT "RegistrantMessageRecipient_pkey" PRIMARY KEY ("emailMessageId")
);

-- CreateIndex
CREATE UNIQUE INDEX "RegistrantMessageTemplate_eventId_name_key" ON "RegistrantMessageTemplate"("eventId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "RegistrantMessageSend_nonce_key" ON "RegistrantMessageSend"("nonce");

-- CreateIndex
CREATE INDEX "RegistrantMessageSend_eventId_createdAt_idx" ON "RegistrantMessageSend"("eventId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "RegistrantMessageRecipient_sendId_registrationId_key" ON "RegistrantMessageRecipient"("sendId", "registrationId");

-- AddForeignKey
ALTER TABLE "RegistrantMessageTemplate" ADD CONSTRAINT "RegistrantMessageTemplate_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrantMessageSend" ADD CONSTRAINT "RegistrantMessageSend_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrantMessageSend" ADD CONSTRAINT "RegistrantMessageSend_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "RegistrantMessageTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrantMessageRecipient" ADD CONSTRAINT "RegistrantMessageRecipient_sendId_fkey" FOREIGN KEY ("sendId") REFERENCES "RegistrantMessageSend"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RegistrantMessageRecipient" ADD CONSTRAINT "RegistrantMessageRecipient_emailMessageId_fkey" FOREIGN KEY ("emailMessageId") REFERENCES "EmailMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
