-- The look-up by printed number (证书编号) forgives look-alike characters: O for 0, I or L for 1.
-- It used to try every spelling of the typed number, and gave up past 256 of them (a number with
-- eight look-alikes, about one in twenty, could not be found when misread). Both sides are now
-- folded the same way (o → 0, i and l → 1; app/domain/certificate-number.ts
-- `certificateNumberKey`) and compared; this index answers the comparison.
-- CreateIndex
CREATE INDEX "Certificate_number_key_idx" ON "Certificate" (translate("id", 'oil', '011'));
