package com.paubox.tracking.dashboard.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** A path's section, and which prefixes sections answer: exactly those for which "path starts with it" = "section does". */
class SectionTest {

    static final List<String> PATHS = List.of("/", "/messages", "/messages/", "/messages/inbox", "/messages/:id/reply", "/messagesx/a",
            "/mess", "//double", "/a_b%/weird", "/settings/users/:id", "/x");

    @Test
    void aSectionIsThePathUpToItsSecondSlash() {
        assertEquals("/messages/", Section.of("/messages/inbox"));
        assertEquals("/messages/", Section.of("/messages/:id/reply"));
        assertEquals("/messages", Section.of("/messages"));
        assertEquals("/", Section.of("/"));
        assertEquals("//", Section.of("//double"));
    }

    @Test
    void prefixesWithoutAnInnerSlashAreAnswered() {
        for (String p : List.of("/", "/m", "/messages", "/messages/", "/a_b%", "//")) {
            assertTrue(Section.answers(p), p);
        }
        for (String p : List.of("/messages/in", "/messages//", "/a/b/", "//x")) {
            assertFalse(Section.answers(p), p);
        }
    }

    @Test
    void everyAnsweredPrefixOfEveryPathSelectsTheSamePathsBySection() {
        int checked = 0;
        for (String source : PATHS) {
            for (int n = 1; n <= source.length(); n++) {
                String prefix = source.substring(0, n);
                if (!Section.answers(prefix)) {
                    continue;
                }
                for (String path : PATHS) {
                    assertEquals(path.startsWith(prefix), Section.of(path).startsWith(prefix), prefix + " on " + path);
                    checked++;
                }
            }
        }
        assertTrue(checked > 300, "checked " + checked);
    }
}
