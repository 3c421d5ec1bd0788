-- AlterTable: a chargeback (charge.dispute.created) is recorded on its payment.
ALTER TABLE "Payment" ADD COLUMN "disputedAt" TIMESTAMP(3);
