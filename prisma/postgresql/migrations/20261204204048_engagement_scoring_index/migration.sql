-- CreateIndex
CREATE INDEX "Engagement_clientId_serviceLine_date_feeCents_idx" ON "Engagement"("clientId", "serviceLine", "date", "feeCents");

