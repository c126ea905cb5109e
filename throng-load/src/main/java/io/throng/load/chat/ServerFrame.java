package io.throng.load.chat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The fields of a server frame the load tool uses, decoded with Jackson's streaming parser into one reusable
 * holder per event loop (the loop decodes hundreds of thousands of frames a second; no tree, no garbage beyond
 * the strings). Unknown fields and nested values (online lists, limits) are skipped.
 */
final class ServerFrame {
    private static final JsonFactory JSON = new JsonFactory();

    String type;
    String room;
    long seq;
    String text;
    String cid;
    String code;
    String event;
    String session;
    /** {@code welcome}'s nickname: with accounts, the account's name. */
    String nick;
    long after;
    long upto;
    boolean resumed;

    /** Decodes one frame; returns false if it is not a JSON object with a string {@code type}. */
    boolean decode(byte[] buf, int offset, int length) {
        type = room = text = cid = code = event = session = nick = null;
        seq = after = upto = -1;
        resumed = false;
        try (JsonParser p = JSON.createParser(buf, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    continue;
                }
                switch (name) {
                    case "type" -> type = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "room" -> room = p.getText();
                    case "seq" -> seq = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "text" -> text = p.getText();
                    case "cid" -> cid = p.getText();
                    case "code" -> code = p.getText();
                    case "event" -> event = p.getText();
                    case "session" -> session = p.getText();
                    case "nick" -> nick = p.getText();
                    case "after" -> after = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "upto" -> upto = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : -1;
                    case "resumed" -> resumed = v == JsonToken.VALUE_TRUE;
                    default -> { }
                }
            }
            return t == JsonToken.END_OBJECT && type != null;
        } catch (IOException e) {
            return false;
        }
    }
}
