package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;

/** The security officer's endpoints: who gets in, the listing's filters, paging and CSV, and verify on an intact chain. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
class AuditTrailTest {

    static final String OFFICER_SUB = "auth0|security-officer-1";

    @Inject
    Pool pool;

    static String officer() {
        return Tokens.claims(OFFICER_SUB, "security_officer").jws().keyId("1").sign();
    }

    static String token(String sub, String... roles) {
        return Tokens.claims(sub, roles).jws().keyId("1").sign();
    }

    Row lastRow() {
        return pool.query("SELECT subject, method, endpoint, status, query_params FROM audit_log ORDER BY seq DESC LIMIT 1").execute()
                .await().indefinitely().iterator().next();
    }

    @Test
    void onlyTheAuditorRoleGetsIn() {
        for (String path : List.of("/api/admin/audit", "/api/admin/audit/verify")) {
            given().when().get(path).then().statusCode(401);
            given().auth().oauth2("garbage").when().get(path).then().statusCode(401);
            given().auth().oauth2(Tokens.expired()).when().get(path).then().statusCode(401);
            // separation of duties: the admin role alone is not enough
            given().auth().oauth2(Tokens.admin()).when().get(path).then().statusCode(403);
            given().auth().oauth2(Tokens.withoutRole()).when().get(path).then().statusCode(403);
            given().auth().oauth2(officer()).when().get(path).then().statusCode(200);
            given().auth().oauth2(token("auth0|both", "super_admin", "security_officer")).when().get(path).then().statusCode(200);
        }
        // and the auditor role does not open the analytics
        given().auth().oauth2(officer()).when().get("/api/admin/analytics/overview").then().statusCode(403);
    }

    @Test
    void readingAndVerifyingAreAudited() {
        given().auth().oauth2(officer()).when().get("/api/admin/audit/verify").then().statusCode(200);
        Row verify = lastRow();
        assertEquals(OFFICER_SUB, verify.getString("subject"));
        assertEquals("/api/admin/audit/verify", verify.getString("endpoint"));
        assertEquals(200, verify.getInteger("status"));

        given().auth().oauth2(officer()).when().get("/api/admin/audit?status=403&limit=5").then().statusCode(200);
        Row list = lastRow();
        assertEquals("/api/admin/audit", list.getString("endpoint"));
        assertEquals(new io.vertx.core.json.JsonObject().put("status", "403").put("limit", "5"), list.getValue("query_params"));

        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/audit").then().statusCode(403);
        Row refused = lastRow();
        assertEquals(Tokens.ADMIN_SUB, refused.getString("subject"));
        assertEquals(403, refused.getInteger("status"));
    }

    @Test
    void verifyOnTheLiveChainIsOk() {
        // some traffic first, from several subjects, allowed and refused
        given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/overview").then().statusCode(200);
        given().when().get("/api/admin/analytics/pages").then().statusCode(401);
        JsonPath result = given().auth().oauth2(officer()).when().get("/api/admin/audit/verify").then().statusCode(200)
                .contentType(startsWith("application/json")).body("ok", equalTo(true)).body("first_broken_id", equalTo(null))
                .body("head.hash", notNullValue()).extract().jsonPath();
        long rows = pool.query("SELECT count(*) AS n FROM audit_log").execute().await().indefinitely().iterator().next().getLong("n");
        // the verify call's own row is written after its answer was computed
        assertEquals(rows - 1, result.getLong("rows"));
        assertEquals(rows - 1, result.getLong("head.seq"));
        assertTrue(result.getBoolean("anchor.genesis"));
        assertEquals(1L, result.getLong("anchor.seq"));
    }

    @Test
    void listingFiltersPagesNewestFirstAndAnswersCsv() {
        String sub = "auth0|lister-" + UUID.randomUUID();
        String admin = token(sub, "super_admin");
        given().auth().oauth2(admin).when().get("/api/admin/analytics/overview").then().statusCode(200);
        given().auth().oauth2(admin).when().get("/api/admin/analytics/pages?limit=0").then().statusCode(400);
        given().auth().oauth2(admin).when().get("/api/admin/analytics/nope?x=1").then().statusCode(404);
        given().auth().oauth2(admin).when().get("/api/admin/analytics/pages?limit=3").then().statusCode(200);
        given().auth().oauth2(admin).when().delete("/api/admin/analytics/users/{sub}", "auth0|nobody").then().statusCode(200);

        JsonPath all = list(Map.of("subject", sub)).jsonPath();
        assertEquals(List.of("/api/admin/analytics/users/auth0|nobody", "/api/admin/analytics/pages", "/api/admin/analytics/nope",
                "/api/admin/analytics/pages", "/api/admin/analytics/overview"), all.getList("rows.endpoint"));
        assertEquals(List.of(200, 200, 404, 400, 200), all.getList("rows.status"));
        assertEquals(List.of("DELETE", "GET", "GET", "GET", "GET"), all.getList("rows.method"));
        assertEquals("0", all.getString("rows[3].query_params.limit"));
        assertEquals(64, all.getString("rows[0].hash").length());
        assertNull(all.get("next"));
        List<Long> ids = all.getList("rows.id", Long.class);
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1) > ids.get(i), "newest first");
        }

        assertEquals(List.of(404), list(Map.of("subject", sub, "status", "404")).jsonPath().getList("rows.status"));
        assertEquals(2, list(Map.of("subject", sub, "endpoint_prefix", "/api/admin/analytics/pages")).jsonPath().getList("rows").size());
        assertEquals(1, list(Map.of("subject", sub, "endpoint_prefix", "/api/admin/analytics/users/")).jsonPath().getList("rows").size());
        assertEquals(0, list(Map.of("subject", sub, "endpoint_prefix", "/api/admin/analytics/page_")).jsonPath().getList("rows").size(),
                "_ is matched literally");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertEquals(5, list(Map.of("subject", sub, "from", today, "to", today)).jsonPath().getList("rows").size());
        assertEquals(0, list(Map.of("subject", sub, "to", yesterday)).jsonPath().getList("rows").size());
        assertEquals(0, list(Map.of("subject", sub, "from", java.time.OffsetDateTime.now(ZoneOffset.UTC).plusHours(1).toString())).jsonPath()
                .getList("rows").size());

        // paging: 2 + 2 + 1, no row twice, same order as one page
        List<Long> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> params = new java.util.HashMap<>(Map.of("subject", sub, "limit", "2"));
            if (cursor != null) {
                params.put("cursor", cursor);
            }
            Response page = list(params);
            paged.addAll(page.jsonPath().getList("rows.id", Long.class));
            cursor = page.jsonPath().getString("next");
            assertEquals(cursor, page.header(AuditResourceHeader.NEXT));
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        assertEquals(ids, paged);
        assertEquals(ids.size(), new HashSet<>(paged).size());

        String csv = given().auth().oauth2(officer()).accept("text/csv").queryParam("subject", sub).queryParam("limit", "4").when()
                .get("/api/admin/audit").then().statusCode(200).contentType(startsWith("text/csv")).header(AuditResourceHeader.NEXT, notNullValue())
                .extract().asString();
        List<List<String>> table = Csv.parse(csv);
        assertEquals(List.of("id", "seq", "occurred_at", "subject", "method", "endpoint", "query_params", "status", "hash"), table.get(0));
        assertEquals(5, table.size());
        assertEquals(List.of(sub, "DELETE", "/api/admin/analytics/users/auth0|nobody", "{}", "200"), table.get(1).subList(3, 8));
        assertEquals("{\"limit\":\"3\"}", table.get(2).get(6));
    }

    @Test
    void badParametersAreProblemsNamingTheField() {
        Map<String, String> bad = Map.of("from", "yesterday", "to", "2026-13-01", "status", "99", "limit", "0", "cursor", "not-a-cursor",
                "endpoint_prefix", "api/no-slash", "subject", "two words");
        bad.forEach((field, value) -> given().auth().oauth2(officer()).queryParam(field, value).when().get("/api/admin/audit").then()
                .statusCode(400).contentType(startsWith("application/problem+json")).body("field", equalTo(field)).body("status", equalTo(400)));
        given().auth().oauth2(officer()).queryParam("limit", "1001").when().get("/api/admin/audit").then().statusCode(400).body("field", equalTo("limit"));
        given().auth().oauth2(officer()).queryParam("from", "2026-11-02").queryParam("to", "2026-11-01").when().get("/api/admin/audit").then()
                .statusCode(400).body("field", equalTo("from"));
    }

    @Test
    void csvTextThatLooksLikeAFormulaIsInert() {
        String sub = "=HYPERLINK(\"http://evil.example\")";
        given().auth().oauth2(token(sub, "super_admin")).when().get("/api/admin/analytics/overview").then().statusCode(200);
        String csv = given().auth().oauth2(officer()).accept("text/csv").queryParam("subject", "=HYPERLINK(\"http://evil.example\")").when()
                .get("/api/admin/audit").then().statusCode(200).extract().asString();
        assertEquals("'" + sub, Csv.parse(csv).get(1).get(3));
    }

    @Test
    void bothEndpointsAreInTheOpenApiDocument() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths.'/api/admin/audit'.get.summary", equalTo("List audit rows"))
                .body("paths.'/api/admin/audit/verify'.get.summary", equalTo("Verify the hash chain"))
                .body("paths.'/api/admin/audit'.get.parameters.name", org.hamcrest.Matchers.hasItems("from", "to", "subject", "status",
                        "endpoint_prefix", "limit", "cursor"));
    }

    private static Response list(Map<String, String> params) {
        return given().auth().oauth2(officer()).queryParams(params).when().get("/api/admin/audit").then().statusCode(200)
                .contentType(startsWith("application/json")).extract().response();
    }

    /** The header name, kept here so the test reads on its own. */
    static final class AuditResourceHeader {
        static final String NEXT = com.paubox.tracking.dashboard.audit.AuditResource.NEXT_CURSOR_HEADER;
    }
}
