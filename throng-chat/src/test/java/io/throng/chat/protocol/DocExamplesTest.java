package io.throng.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/chat-protocol.md is exact: every JSON example in it is what the codec accepts or produces. */
class DocExamplesTest {
    private static final Set<String> CLIENT_TYPES = Set.of("hello", "resume", "join", "leave", "say", "dm",
            "create", "invite", "role", "kick", "ban", "mute", "unban", "unmute", "delete");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyExampleDecodesAndServerExamplesReEncodeIdentically() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "chat-protocol.md"));
        Matcher blocks = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(doc);
        List<JsonNode> examples = new ArrayList<>();
        while (blocks.find()) {
            try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(blocks.group(1))) {
                examples.addAll(it.readAll());
            }
        }
        Codec codec = new Codec(4000, 32768, 200);
        Set<String> seen = new java.util.TreeSet<>();
        for (JsonNode example : examples) {
            String type = example.get("type").asText();
            String text = JSON.writeValueAsString(example);
            // "history" and "members" are both requests and responses: a response has the list.
            if (CLIENT_TYPES.contains(type) || (type.equals("history") && !example.has("messages"))
                    || (type.equals("members") && !example.has("members"))) {
                assertInstanceOf(Codec.Decoded.Ok.class, codec.decode(text), text);
                seen.add("client " + type);
            } else {
                ServerMessage m = Codec.decodeServer(text);
                assertEquals(example, JSON.readTree(Codec.encode(m)), "re-encoded exactly: " + text);
                seen.add("server " + type);
            }
        }
        assertEquals(Set.of("client dm", "client hello", "client history", "client join", "client leave",
                "client resume", "client say", "server ack", "server error", "server gap", "server history",
                "server message", "server presence", "server welcome", "client create", "client invite",
                "client members", "client role", "client kick", "client ban", "client mute", "client unban",
                "client unmute", "client delete", "server members", "server invited", "server removed",
                "server tombstone"), seen, "an example of every message");
        assertTrue(examples.size() >= 20);
    }
}
