# Build entry points for `sam build` (BuildMethod: makefile). SAM calls `make build-<LogicalId>` with
# ARTIFACTS_DIR set; every target drives the Maven reactor from the repository root, so parent POMs resolve
# (the plain SAM Maven builder copies each CodeUri alone and breaks them: aws-sam-cli issue #2289).

.PHONY: build-CommonLayer build-FleetLayer build-CloudFrontSdkLayer build-S3SdkLayer build-CloudWatchSdkLayer build-InvalidationCoalescerFunction build-OriginFailoverFunction build-CostAlertsFunction

build-CommonLayer:
	./scripts/build-artifact layer layers/autopilot-common "$(ARTIFACTS_DIR)"

build-FleetLayer:
	./scripts/build-artifact fleet config "$(ARTIFACTS_DIR)"

build-CloudFrontSdkLayer:
	./scripts/build-artifact layer layers/sdk-cloudfront "$(ARTIFACTS_DIR)"

build-S3SdkLayer:
	./scripts/build-artifact layer layers/sdk-s3 "$(ARTIFACTS_DIR)"

build-CloudWatchSdkLayer:
	./scripts/build-artifact layer layers/sdk-cloudwatch "$(ARTIFACTS_DIR)"

build-InvalidationCoalescerFunction:
	./scripts/build-artifact function functions/invalidation-coalescer "$(ARTIFACTS_DIR)"

build-OriginFailoverFunction:
	./scripts/build-artifact function functions/origin-failover "$(ARTIFACTS_DIR)"

build-CostAlertsFunction:
	./scripts/build-artifact function functions/cost-alerts "$(ARTIFACTS_DIR)"
