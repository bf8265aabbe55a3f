package com.paubox.tracking.dashboard;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.paubox.tracking.dashboard.audit.AuditChain;
import com.paubox.tracking.dashboard.audit.AuditHeadPublisher;
import com.paubox.tracking.dashboard.audit.AuditRetentionJob;
import com.paubox.tracking.dashboard.service.LifecycleJob;
import com.paubox.tracking.database.PostgresTestResource;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;

/**
 * Tampering with audit_log by SQL is found: a changed row is named exactly, a removed middle row is found at
 * its successor, a cut tail against the head exported on /q/metrics. Retention removes the oldest rows and
 * verify anchors on the first remaining one. A database of its own (profile), since the chain is broken on purpose.
 */
@QuarkusTest
@TestProfile(AuditTamperTest.OwnDatabase.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(OidcWiremockTestResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditTamperTest {

    public static class OwnDatabase implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("analytics.audit.retention-days", "2190", "analytics.retention-days", "400");
        }
    }

    @Inject
    Pool pool;

    @Inject
    AuditHeadPublisher publisher;

    @Inject
    AuditRetentionJob retention;

    @Inject
    LifecycleJob lifecycle;

    @Test
    @Order(1)
    void retentionKeepsSixYearsAndVerifyAnchorsOnTheOldestRemainingRow() {
        sql("TRUNCATE audit_log");
        // chained by the trigger like any row, just dated in the past
        sql("INSERT INTO audit_log (occurred_at, subject, method, endpoint, status) VALUES "
                + "(now() - interval '7 years', 'auth0|old', 'GET', '/api/admin/analytics/overview', 200), "
                + "(now() - interval '6 years 2 days', 'auth0|old', 'GET', '/api/admin/analytics/pages', 200), "
                + "(now() - interval '2 years', 'auth0|old', 'GET', '/api/admin/analytics/clicks', 200)");
        traffic(4);
        assertTrue(verify().getBoolean("anchor.genesis"));
        // the events' lifecycle (400 days) never touches audit rows
        lifecycle.run().await().indefinitely();
        assertEquals(7 + 1, count(), "4 requests + 1 verify + 3 old rows");
        byte[] lastDeletedHash = bytes("SELECT row_hash FROM audit_log WHERE seq = 2");
        assertEquals(2L, retention.run().await().indefinitely());
        assertEquals(0L, retention.run().await().indefinitely(), "idempotent");
        JsonPath result = verify();
        assertTrue(result.getBoolean("ok"), result.prettify());
        assertFalse(result.getBoolean("anchor.genesis"));
        assertEquals(3L, result.getLong("anchor.seq"));
        assertEquals(AuditChain.hex(lastDeletedHash), result.getString("anchor.prev_hash"));
        assertEquals(1L, number("SELECT count(*) FROM audit_log WHERE occurred_at < now() - interval '1 year'"), "the 2-year-old row is kept");
    }

    @Test
    @Order(2)
    void aChangedRowIsNamedExactly() {
        traffic(5);
        long victim = number("SELECT id FROM audit_log ORDER BY seq DESC OFFSET 3 LIMIT 1");
        int status = (int) number("SELECT status FROM audit_log WHERE id = " + victim);
        sql("UPDATE audit_log SET status = 299 WHERE id = " + victim);
        JsonPath broken = verify();
        assertFalse(broken.getBoolean("ok"));
        assertEquals(victim, broken.getLong("first_broken_id"));
        // any field: the subject
        sql("UPDATE audit_log SET status = " + status + " WHERE id = " + victim);
        assertTrue(verify().getBoolean("ok"), "restored");
        sql("UPDATE audit_log SET subject = 'auth0|someone-else' WHERE id = " + victim);
        assertEquals(victim, verify().getLong("first_broken_id"));
        sql("UPDATE audit_log SET subject = (SELECT subject FROM audit_log WHERE id = " + (victim - 1) + ") WHERE id = " + victim);
        JsonPath restored = verify();
        assertTrue(restored.getBoolean("ok"), restored.prettify());
        assertNull(restored.get("first_broken_id"));
    }

    @Test
    @Order(3)
    void aDeletedMiddleRowIsFoundAtItsSuccessor() {
        traffic(5);
        long seq = number("SELECT max(seq) - 3 FROM audit_log");
        long successor = number("SELECT id FROM audit_log WHERE seq = " + (seq + 1));
        sql("CREATE TABLE audit_saved AS SELECT * FROM audit_log WHERE seq = " + seq);
        sql("DELETE FROM audit_log WHERE seq = " + seq);
        JsonPath broken = verify();
        assertFalse(broken.getBoolean("ok"));
        assertEquals(successor, broken.getLong("first_broken_id"));
        // put it back exactly as it was (trigger off: the row keeps its own links) and the chain is whole again
        sql("ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain");
        sql("INSERT INTO audit_log OVERRIDING SYSTEM VALUE SELECT * FROM audit_saved");
        sql("ALTER TABLE audit_log ENABLE TRIGGER audit_log_chain");
        sql("DROP TABLE audit_saved");
        assertTrue(verify().getBoolean("ok"));
    }

    @Test
    @Order(4)
    void aCutTailIsFoundAgainstTheExportedHead() {
        traffic(5);
        publisher.publish().await().indefinitely();
        Map<String, Long> exported = scrapeHead();
        Row head = pool.query("SELECT seq, id, row_hash FROM audit_log ORDER BY seq DESC LIMIT 1").execute().await().indefinitely().iterator().next();
        assertEquals(head.getLong("seq"), exported.get("audit_chain_head_seq"));
        assertEquals(head.getLong("id"), exported.get("audit_chain_head_id"));
        assertEquals(AuditChain.prefix48(head.getBuffer("row_hash").getBytes()), exported.get("audit_chain_head_hash48"));

        sql("DELETE FROM audit_log WHERE seq > " + (exported.get("audit_chain_head_seq") - 3));
        JsonPath result = verify();
        // internally consistent, so only the exported head shows it
        assertNull(result.get("first_broken_id"));
        assertFalse(result.getBoolean("ok"));
        assertFalse(result.getBoolean("exported_head.found"));
        assertEquals(exported.get("audit_chain_head_seq"), result.getLong("exported_head.seq"));
        // what an operator does with the scraped values: the live head is behind and carries another hash
        assertTrue(result.getLong("head.seq") < exported.get("audit_chain_head_seq"));
        assertNotEquals(exported.get("audit_chain_head_hash48"), result.getLong("head.hash48"));

        // the next publication reports the loss (ERROR log and counter)
        assertEquals(0L, scrapeHead().get("audit_chain_head_lost_total"));
        publisher.publish().await().indefinitely();
        assertEquals(1L, scrapeHead().get("audit_chain_head_lost_total"));
    }

    private void traffic(int requests) {
        for (int i = 0; i < requests; i++) {
            given().auth().oauth2(Tokens.admin()).when().get("/api/admin/analytics/overview?i=" + i).then().statusCode(200);
        }
    }

    private static JsonPath verify() {
        return given().auth().oauth2(AuditTrailTest.officer()).when().get("/api/admin/audit/verify").then().statusCode(200).extract().jsonPath();
    }

    private static final Pattern SAMPLE = Pattern.compile("^(audit_chain_head_\\w+?)(?:\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);

    /** The audit gauges as a Prometheus scraper sees them (hash48 is a 48-bit integer, exact as a double). */
    private static Map<String, Long> scrapeHead() {
        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Map<String, Long> values = new java.util.HashMap<>();
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            values.put(m.group(1), (long) Double.parseDouble(m.group(2)));
        }
        return values;
    }

    private void sql(String statement) {
        pool.query(statement).execute().await().indefinitely();
    }

    private long number(String query) {
        return pool.query(query).execute().await().indefinitely().iterator().next().getLong(0);
    }

    private long count() {
        return number("SELECT count(*) FROM audit_log");
    }

    private byte[] bytes(String query) {
        return pool.preparedQuery(query).execute(Tuple.tuple()).await().indefinitely().iterator().next().getBuffer(0).getBytes();
    }
}
