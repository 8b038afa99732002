-- CreateTable
CREATE TABLE "alert_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "webhook_url" TEXT,
    "cooldown_seconds" INTEGER NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_settings_pkey" PRIMARY KEY ("id")
);

