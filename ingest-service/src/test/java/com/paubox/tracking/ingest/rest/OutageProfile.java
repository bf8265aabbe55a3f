package com.paubox.tracking.ingest.rest;

import java.util.List;

import com.paubox.tracking.database.ControlledPostgresResource;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * A database the test can stop: the global PostgresTestResource is replaced by a controllable one. The writer's
 * time-outs and circuit breaker are the production defaults, so the outage tests measure what production does.
 */
public class OutageProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ControlledPostgresResource.class));
    }

    @Override
    public boolean disableGlobalTestResources() {
        return true;
    }
}
