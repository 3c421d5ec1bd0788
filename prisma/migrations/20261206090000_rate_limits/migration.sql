-- CreateTable: counters of rate-limiter-flexible's Prisma store (log-in, sign-up and reset throttling)
-- when no Redis is configured. One row per limited key; "expire" ends its window.
CREATE TABLE "RateLimiterFlexible" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL,
    "expire" TIMESTAMP(3),

    CONSTRAINT "RateLimiterFlexible_pkey" PRIMARY KEY ("key")
);

CREATE INDEX "RateLimiterFlexible_expire_idx" ON "RateLimiterFlexible"("expire");
