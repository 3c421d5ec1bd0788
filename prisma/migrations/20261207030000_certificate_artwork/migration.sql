-- The issuer's logo, seal (公章) and signatories on certificates (issue 14), per association
-- or per event. Images are small (at most 1 MB, checked by the application) and live in the
-- database with everything else a certificate is made from: one backup, every process sees them.
CREATE TABLE "CertificateArtwork" (
    "id" TEXT NOT NULL,
    "organisationId" TEXT,
    "eventId" TEXT,
    "logo" BYTEA,
    "logoType" TEXT,
    "sealImage" BYTEA,
    "sealType" TEXT,
    "signatories" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CertificateArtwork_pkey" PRIMARY KEY ("id"),
    -- One owner: an association or an event, never both, never neither.
    CONSTRAINT "CertificateArtwork_one_owner" CHECK (("organisationId" IS NULL) <> ("eventId" IS NULL)),
    CONSTRAINT "CertificateArtwork_logo_type" CHECK ("logoType" IS NULL OR "logoType" IN ('image/png', 'image/jpeg')),
    CONSTRAINT "CertificateArtwork_seal_type" CHECK ("sealType" IS NULL OR "sealType" IN ('image/png', 'image/jpeg')),
    CONSTRAINT "CertificateArtwork_logo_size" CHECK ("logo" IS NULL OR octet_length("logo") <= 1048576),
    CONSTRAINT "CertificateArtwork_seal_size" CHECK ("sealImage" IS NULL OR octet_length("sealImage") <= 1048576)
);

-- CreateIndex
CREATE UNIQUE INDEX "CertificateArtwork_organisationId_key" ON "CertificateArtwork"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "CertificateArtwork_eventId_key" ON "CertificateArtwork"("eventId");

-- AddForeignKey
ALTER TABLE "CertificateArtwork" ADD CONSTRAINT "CertificateArtwork_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CertificateArtwork" ADD CONSTRAINT "CertificateArtwork_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "Event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
