-- CreateTable
CREATE TABLE "queue_thresholds" (
    "queue_sid" TEXT NOT NULL,
    "service_level_target_percent" INTEGER,
    "service_level_critical_below" INTEGER,
    "longest_wait_warn_at_seconds" INTEGER,
    "longest_wait_critical_seconds" INTEGER,
    "waiting_warn_at" INTEGER,
    "waiting_critical_at" INTEGER,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "queue_thresholds_pkey" PRIMARY KEY ("queue_sid")
);
