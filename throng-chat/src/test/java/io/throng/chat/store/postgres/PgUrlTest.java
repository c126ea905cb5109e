package io.throng.chat.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The URL forms {@code --store} accepts, and that no form lets the password out. */
class PgUrlTest {
    @Test
    void libpqUrlsBecomeJdbcUrlsWithTheCredentialsApart() {
        PgUrl u = PgUrl.parse("postgresql://chat:s%40cr%2Ft+x@db.example.com:6432/chat?sslmode=require");
        assertEquals(new PgUrl("jdbc:postgresql://db.example.com:6432/chat?sslmode=require", "chat", "s@cr/t+x"), u);
        assertEquals("jdbc:postgresql://db.example.com:6432/chat?sslmode=require&user=chat", u.redacted());
        assertEquals(new PgUrl("jdbc:postgresql://localhost/chat", "me", null), PgUrl.parse("postgres://me@/chat"));
        assertEquals(new PgUrl("jdbc:postgresql://h1:5432,h2:5432/chat?targetServerType=primary", null, null),
                PgUrl.parse("postgresql://h1:5432,h2:5432/chat?targetServerType=primary"));
    }

    @Test
    void aLibpqListOfHostsKeepsItsHostsAndAsksForThePrimaryAsPgjdbcSpellsIt() {
        assertEquals(new PgUrl("jdbc:postgresql://10.0.0.1:5432,10.0.0.2:5433/chat?targetServerType=primary", "chat", "pw"),
                PgUrl.parse("postgresql://chat:pw@10.0.0.1:5432,10.0.0.2:5433/chat?target_session_attrs=read-write"));
        assertEquals("jdbc:postgresql://a,b/chat?sslmode=require&targetServerType=secondary",
                PgUrl.parse("postgres://a,b/chat?sslmode=require&target_session_attrs=standby").jdbcUrl());
        assertEquals("jdbc:postgresql://a,b/chat?targetServerType=preferSecondary",
                PgUrl.parse("postgres://a,b/chat?target_session_attrs=prefer-standby").jdbcUrl());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> PgUrl.parse("postgresql://chat:hunter2@a,b/chat?target_session_attrs=writable"));
        assertTrue(bad.getMessage().contains("target_session_attrs=writable"), bad.getMessage());
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
    }

    @Test
    void jdbcUrlsLoseTheirPasswordParameterToTheRecord() {
        PgUrl u = PgUrl.parse("jdbc:postgresql://127.0.0.1:5432/chat?user=chat&password=hunter2&ssl=true");
        assertEquals(new PgUrl("jdbc:postgresql://127.0.0.1:5432/chat?ssl=true", "chat", "hunter2"), u);
        assertFalse(u.toString().contains("hunter2"), u.toString());
        assertFalse(u.redacted().contains("hunter2"), u.redacted());
    }

    @Test
    void unusableUrlsAreRefusedWithoutShowingTheirPassword() {
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> PgUrl.parse("mysql://root:hunter2@db/chat"));
        assertFalse(other.getMessage().contains("hunter2"), other.getMessage());
        IllegalArgumentException noDb = assertThrows(IllegalArgumentException.class,
                () -> PgUrl.parse("postgresql://chat:hunter2@db:5432"));
        assertFalse(noDb.getMessage().contains("hunter2"), noDb.getMessage());
        assertTrue(noDb.getMessage().contains("names no database"), noDb.getMessage());
        assertTrue(PgUrl.isPostgres("postgres://x/y"));
        assertFalse(PgUrl.isPostgres("data/chat.db"));
    }
}
