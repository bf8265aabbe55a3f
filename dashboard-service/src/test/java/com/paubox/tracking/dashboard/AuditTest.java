package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/** Every API request, allowed or refused, leaves exactly one audit_log row, written before the answer. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuditTest {

    @Inject
    Pool pool;

    long lastId() {
        return pool.query("SELECT coalesce(max(id), 0) AS id FROM audit_log").execute().await().indefinitely().iterator().next().getLong("id");
    }

    /** Runs the request and returns the one row it added (fails if it added none or several). */
    Row auditOf(Supplier<ValidatableResponse> request) {
        long before = lastId();
        request.get();
        // read right after the answer arrived: the row must already be committed
        List<Row> rows = new java.util.ArrayList<>();
        pool.preparedQuery("SELECT id, subject, method, endpoint, query_params, status, occurred_at FROM audit_log WHERE id > $1 ORDER BY id")
                .execute(Tuple.of(before)).await().indefinitely().forEach(rows::add);
        assertEquals(1, rows.size(), "audit rows written");
        return rows.get(0);
    }

    @Test
    void allowedRequestIsAuditedWithSubjectAndParameters() {
        String token = Tokens.admin();
        Row row = auditOf(() -> given().auth().oauth2(token).when()
                .get("/api/admin/analytics/timeseries?metric=clicks&interval=hour&customer_id=48213&tz=Europe/Paris").then().statusCode(200));
        assertEquals(Tokens.ADMIN_SUB, row.getString("subject"));
        assertEquals("GET", row.getString("method"));
        assertEquals("/api/admin/analytics/timeseries", row.getString("endpoint"));
        assertEquals(200, row.getInteger("status"));
        assertEquals(new JsonObject().put("metric", "clicks").put("interval", "hour").put("customer_id", "48213").put("tz", "Europe/Paris"),
                (JsonObject) row.getValue("query_params"));
        assertFalse(row.toJson().encode().contains(token.substring(0, 20)), "the token is never stored");
    }

    @Test
    void repeatedParameterIsAnArray() {
        Row row = auditOf(() -> given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/pages?surface=a&surface=b").then());
        assertEquals(new JsonObject().put("surface", new io.vertx.core.json.JsonArray().add("a").add("b")), (JsonObject) row.getValue("query_params"));
    }

    @Test
    void refusedRequestsAreAuditedToo() {
        Row none = auditOf(() -> given().when().get("/api/admin/analytics/overview?from=2026-01-01").then().statusCode(401));
        assertNull(none.getString("subject"));
        assertEquals(401, none.getInteger("status"));
        assertEquals(new JsonObject().put("from", "2026-01-01"), (JsonObject) none.getValue("query_params"));

        Row garbage = auditOf(() -> given().auth().oauth2("garbage").when().get("/api/admin/analytics/pages").then().statusCode(401));
        assertNull(garbage.getString("subject"));
        assertEquals(401, garbage.getInteger("status"));

        Row expired = auditOf(() -> given().auth().oauth2(Tokens.expired()).when().get("/api/admin/analytics/pages").then().statusCode(401));
        assertNull(expired.getString("subject"));

        Row forbidden = auditOf(() -> given().auth().oauth2(Tokens.withoutRole()).when().get("/api/admin/analytics/logins").then().statusCode(403));
        assertEquals("auth0|plain-user", forbidden.getString("subject"));
        assertEquals(403, forbidden.getInteger("status"));
        assertEquals("/api/admin/analytics/logins", forbidden.getString("endpoint"));

        Row bad = auditOf(() -> given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/pages?limit=0").then().statusCode(400));
        assertEquals(Tokens.ADMIN_SUB, bad.getString("subject"));
        assertEquals(400, bad.getInteger("status"));

        Row erasure = auditOf(() -> given().auth().oauth2(Tokens.withoutRole()).when().delete("/api/admin/analytics/users/{sub}", "auth0|nobody").then().statusCode(403));
        assertEquals("DELETE", erasure.getString("method"));
        assertEquals("/api/admin/analytics/users/auth0|nobody", erasure.getString("endpoint"));
    }

    @Test
    void unknownApiPathsAndMethodsAreAudited() {
        Row unknown = auditOf(() -> given().when().get("/api/admin/analytics/nope").then().statusCode(404));
        assertEquals(404, unknown.getInteger("status"));
        assertNull(unknown.getString("subject"));
        Row admin = auditOf(() -> given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/nope?x=1").then().statusCode(404));
        assertEquals(Tokens.ADMIN_SUB, admin.getString("subject"));
        assertEquals(new JsonObject().put("x", "1"), (JsonObject) admin.getValue("query_params"));
        Row method = auditOf(() -> given().auth().oauth2(Tokens.admin()).when().post("/api/admin/analytics/overview").then().statusCode(405));
        assertEquals("POST", method.getString("method"));
        // outside the known resources the API still demands a token first
        Row other = auditOf(() -> given().when().get("/api/other/thing").then().statusCode(401));
        assertEquals("/api/other/thing", other.getString("endpoint"));
        Row otherAdmin = auditOf(() -> given().auth().oauth2(Tokens.admin()).when().delete("/api/other/thing").then().statusCode(404));
        assertEquals("DELETE", otherAdmin.getString("method"));
    }

    @Test
    void healthIsNotAudited() {
        long before = lastId();
        given().when().get("/q/health/ready").then().statusCode(200);
        assertEquals(before, lastId());
    }

    @Test
    void noDataWithoutAnAuditRow() {
        pool.query("ALTER TABLE audit_log RENAME TO audit_log_offline").execute().await().indefinitely();
        try {
            given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/overview").then().statusCode(503)
                    .contentType(startsWith("application/problem+json")).body("status", equalTo(503))
                    .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("page_views")));
        } finally {
            pool.query("ALTER TABLE audit_log_offline RENAME TO audit_log").execute().await().indefinitely();
        }
    }
}
