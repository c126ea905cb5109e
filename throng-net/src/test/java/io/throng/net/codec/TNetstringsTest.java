package io.throng.net.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TNetstringsTest {

    // Captured from Mongrel2's control port (m2sh): a command and two replies.
    private static final String CONTROL_STATUS = "26:6:status,13:4:what,3:net,}]";
    private static final String CONTROL_STATUS_REPLY = "110:7:headers,86:2:id,2:fd,4:type,9:last_ping,9:last_read,"
            + "10:last_write,10:bytes_read,13:bytes_written,]4:rows,0:]}";
    private static final String CONTROL_UUID_REPLY = "75:7:headers,7:4:uuid,]4:rows,44:40:36:f400bf85-4538-4f7a-8908-67e313d515c2,]]}";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyTypeEncodesAsTheSpecSays() {
        assertEncodes("5:hello,", TNetstring.Bytes.of("hello"));
        assertEncodes("0:,", TNetstring.Bytes.of(""));
        assertEncodes("5:12345#", new TNetstring.Int(12345));
        assertEncodes("2:-7#", new TNetstring.Int(-7));
        assertEncodes("4:3.25^", new TNetstring.Real(3.25));
        assertEncodes("4:true!", new TNetstring.Bool(true));
        assertEncodes("5:false!", new TNetstring.Bool(false));
        assertEncodes("0:~", TNetstring.Null.INSTANCE);
        assertEncodes("0:]", TNetstring.ListOf.of());
        assertEncodes("0:}", new TNetstring.Dict(Map.of()));
        Map<String, TNetstring> d = new LinkedHashMap<>();
        d.put("hello", TNetstring.ListOf.of(new TNetstring.Int(12345678901L), TNetstring.Bytes.of("this"),
                new TNetstring.Bool(true), TNetstring.Null.INSTANCE, TNetstring.Bytes.of("\u0000\u0000\u0000\u0000")));
        assertEncodes("51:5:hello,39:11:12345678901#4:this,4:true!0:~4:\u0000\u0000\u0000\u0000,]}", new TNetstring.Dict(d));
    }

    private static void assertEncodes(String wire, TNetstring value) {
        assertEquals(wire, new String(TNetstrings.encode(value), StandardCharsets.ISO_8859_1));
        assertEquals(value, TNetstrings.decode(bytes(wire)));
    }

    @Test
    void controlPortExchangesRoundTrip() {
        for (String capture : List.of(CONTROL_STATUS, CONTROL_STATUS_REPLY, CONTROL_UUID_REPLY)) {
            assertArrayEquals(bytes(capture), TNetstrings.encode(TNetstrings.decode(bytes(capture))));
        }
        TNetstring.Dict reply = (TNetstring.Dict) TNetstrings.decode(bytes(CONTROL_UUID_REPLY));
        TNetstring.ListOf rows = (TNetstring.ListOf) reply.get("rows");
        TNetstring.ListOf row = (TNetstring.ListOf) rows.items().getFirst();
        assertEquals(TNetstring.Bytes.of("f400bf85-4538-4f7a-8908-67e313d515c2"), row.items().getFirst());
    }

    @Test
    void concatenatedValuesAreReadInTurn() {
        byte[] data = bytes("3:abc,2:42#");
        TNetstrings.Parsed first = TNetstrings.parse(data, 0, data.length);
        assertEquals(TNetstring.Bytes.of("abc"), first.value());
        assertEquals(new TNetstring.Int(42), TNetstrings.parse(data, first.next(), data.length).value());
    }

    @Test
    void malformedValuesAreRejected() {
        for (String bad : List.of("", "5", "5:", "5:abc,", "3:abc", "3:abc?", "a:abc,", "-1:,", "1234567890:",
                "1:x#", "20:99999999999999999999#", "3:1.x^", "3:yes!", "1:x~", "4:1:a,}", "8:1:a,1:b#}",
                "10:1:a,0:~1:a,0:~}", "3:abc,extra", ":,")) {
            assertThrows(MalformedFrameException.class, () -> TNetstrings.decode(bytes(bad)), bad);
        }
    }

    @Test
    void deepNestingIsCappedNotAStackOverflow() {
        String nested = "0:]";
        for (int i = 0; i < 200; i++) {
            nested = nested.length() + ":" + nested + "]";
        }
        String finalNested = nested;
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> TNetstrings.decode(bytes(finalNested)));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    @Test
    void sizeIsCheckedBeforeAnyAllocation() {
        MalformedFrameException e = assertThrows(MalformedFrameException.class, () -> TNetstrings.decode(bytes("999999999:x,")));
        assertTrue(e.getMessage().contains("exceeds the 2 bytes left"), e.getMessage());
    }
}
