package io.throng.chat.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.throng.channels.Received;
import io.throng.chat.protocol.ErrorCode;
import io.throng.chat.protocol.Frame;
import io.throng.chat.service.ChatConfig;
import io.throng.chat.service.Outbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A worker's side of a {@code frames} message (each distinct frame once, then per connection the numbers
 * of its frames), driven by a fake room service: order per connection, one frame object shared by its
 * targets, and the hostile cases (a slow consumer cut on one target of a shared frame, a hole in the
 * sequence, a target that closed before the message arrived, lines that do not parse).
 */
class LinkFramesTest {
    FakeService service;

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    private static String body(String text) {
        return "0 - {\"type\":\"x\",\"text\":\"" + text + "\"}\n";
    }

    /** Takes {@code n} frames of the connection's outbox, waiting for each; fails if it closes first. */
    private static List<Frame> take(Outbox o, int n) throws InterruptedException {
        List<Frame> got = new ArrayList<>();
        while (got.size() < n) {
            Received<Frame> r = o.receive(Duration.ofSeconds(10));
            assertInstanceOf(Received.Value.class, r, "after " + texts(got) + ": " + r);
            got.add(((Received.Value<Frame>) r).value());
        }
        return got;
    }

    private static List<String> texts(List<Frame> frames) {
        return frames.stream().map(f -> f.json().replaceAll(".*\"text\":\"([^\"]*)\".*", "$1")).toList();
    }

    /** Nothing more is queued: the whole message has been handled (it is one message, read in one go). */
    private static void assertNothingMore(Outbox o) throws InterruptedException {
        assertInstanceOf(Received.Empty.class, o.receive(Duration.ofMillis(1)), "nothing more for it");
    }

    /** The connection was cut as a slow consumer: nothing more comes, and its client resumes from the store. */
    private static void assertCut(Outbox o, String why) throws InterruptedException {
        assertInstanceOf(Received.Closed.class, o.receive(Duration.ofSeconds(10)), why);
        assertEquals(ErrorCode.SLOW_CONSUMER, o.closeReason(), why);
    }

    @Test
    void aMemberOfTwoRoomsGetsTheirFramesInterleavedInItsOwnOrderSharedWithTheOthers() throws Exception {
        service = new FakeService("wF", ChatConfig.defaults());
        FakeService.Opened both = service.open();
        FakeService.Opened onlyA = service.open();
        FakeService.Opened onlyB = service.open();
        // Room a's a1 and a2, room b's b1 and b2; the member of both gets them as its service-side outbox had them.
        service.publish(LinkProtocol.FRAMES, body("a1") + body("b1") + body("a2") + body("b2"),
                both.id() + " 0 1\n" + onlyA.id() + " 0\n" + onlyB.id() + " 1\n" + both.id() + " 2 3\n"
                        + onlyA.id() + " 2\n" + onlyB.id() + " 3\n");
        List<Frame> b = take(both.conn().outbox(), 4);
        List<Frame> a = take(onlyA.conn().outbox(), 2);
        List<Frame> o = take(onlyB.conn().outbox(), 2);
        assertEquals(List.of("a1", "b1", "a2", "b2"), texts(b));
        assertEquals(List.of("a1", "a2"), texts(a));
        assertEquals(List.of("b1", "b2"), texts(o));
        assertSame(b.get(0), a.get(0), "one frame object for all its targets, not a copy each");
        assertSame(b.get(3), o.get(1));
        assertNothingMore(both.conn().outbox());
    }

    @Test
    void aSlowConsumerIsCutOnASharedFrameWhileTheOtherTargetsGetIt() throws Exception {
        service = new FakeService("wS", ChatConfig.defaults().withOutbox(4, 1)); // 4 frames per connection
        FakeService.Opened slow = service.open();
        FakeService.Opened fine = service.open();
        service.publish(LinkProtocol.FRAMES, body("x0") + body("x1") + body("x2") + body("x3"),
                slow.id() + " 0 1 2 3\n" + fine.id() + " 0\n");
        assertEquals(List.of("x0"), texts(take(fine.conn().outbox(), 1)));
        // The slow one never read: its fifth frame, z, does not fit. It is listed first, before the one that reads.
        service.publish(LinkProtocol.FRAMES, body("z") + body("after"), slow.id() + " 0 1\n" + fine.id() + " 0 1\n");
        assertEquals(List.of("z", "after"), texts(take(fine.conn().outbox(), 2)));
        Outbox s = slow.conn().outbox();
        assertEquals(ErrorCode.SLOW_CONSUMER, s.closeReason());
        assertEquals(List.of("x0", "x1", "x2", "x3"), texts(take(s, 4)), "what it had, then nothing of the cut message");
        assertInstanceOf(Received.Closed.class, s.receive(Duration.ofSeconds(1)));
        assertEquals(List.of(LinkProtocol.CLOSE, "wS", slow.id()), service.next(),
                "the room service is told: the session detaches, resumable");
        assertFalse(fine.conn().outbox().isClosed());
    }

    @Test
    void aHoleInTheSequenceClosesEveryConnectionAsASlowConsumer() throws Exception {
        service = new FakeService("wH", ChatConfig.defaults());
        FakeService.Opened one = service.open();
        FakeService.Opened two = service.open();
        service.publish(LinkProtocol.FRAMES, body("before"), one.id() + " 0\n" + two.id() + " 0\n");
        assertEquals(List.of("before"), texts(take(one.conn().outbox(), 1)));
        service.seq++; // a message lost at the PUB's high-water mark
        service.publish(LinkProtocol.FRAMES, body("after"), one.id() + " 0\n" + two.id() + " 0\n");
        for (FakeService.Opened c : List.of(one, two)) {
            Outbox o = c.conn().outbox();
            if (c == two) {
                assertEquals(List.of("before"), texts(take(o, 1)));
            }
            assertCut(o, "closed, and nothing after the hole: its client resumes from the store");
        }
    }

    @Test
    void aTargetClosedBeforeTheMessageAndLinesThatDoNotParseCostTheOthersNothing() throws Exception {
        service = new FakeService("wC", ChatConfig.defaults());
        FakeService.Opened gone = service.open();
        FakeService.Opened here = service.open();
        gone.conn().close(); // the client went away while the room service was sending to it
        assertEquals(List.of(LinkProtocol.CLOSE, "wC", gone.id()), service.next());
        service.publish(LinkProtocol.FRAMES, body("m0") + body("m1"),
                gone.id() + " 0 1\n" + "nobody 0\n" + "\n" + here.id() + "\n" + here.id() + " 0 1\n");
        assertEquals(List.of("m0", "m1"), texts(take(here.conn().outbox(), 2)), "its frames, in order");
        assertNothingMore(here.conn().outbox());
        assertInstanceOf(Received.Closed.class, gone.conn().outbox().receive(Duration.ofSeconds(1)), "nothing for it");
        // The link still takes messages after them.
        service.publish(LinkProtocol.FRAMES, body("next"), here.id() + " 0\n");
        assertEquals(List.of("next"), texts(take(here.conn().outbox(), 1)));
    }

    @Test
    void aFrameAConnectionCannotBeGivenClosesItAsASlowConsumerNotASilentHole() throws Exception {
        service = new FakeService("wM", ChatConfig.defaults());
        FakeService.Opened badToken = service.open();
        FakeService.Opened noSuchFrame = service.open();
        FakeService.Opened badBody = service.open();
        FakeService.Opened hugeNumber = service.open();
        FakeService.Opened fine = service.open();
        service.publish(LinkProtocol.FRAMES, body("m0") + "not a frame\n" + body("m2"),
                badToken.id() + " 0 x 2\n" + noSuchFrame.id() + " 0 7 2\n" + badBody.id() + " 1 2\n"
                        + hugeNumber.id() + " 99999999999999999999 2\n" + fine.id() + " 0 2\n");
        assertEquals(List.of("m0", "m2"), texts(take(fine.conn().outbox(), 2)), "the others still get theirs");
        assertNothingMore(fine.conn().outbox());
        for (FakeService.Opened c : List.of(badToken, noSuchFrame)) {
            Outbox o = c.conn().outbox();
            assertEquals(List.of("m0"), texts(take(o, 1)), "what came before the hole");
            assertCut(o, "nothing after it: " + c.id());
        }
        for (FakeService.Opened c : List.of(badBody, hugeNumber)) {
            Outbox o = c.conn().outbox();
            assertCut(o, "nothing after the hole: " + c.id());
        }
        java.util.Set<String> told = new java.util.HashSet<>();
        for (int i = 0; i < 4; i++) {
            List<String> m = service.next();
            assertEquals(LinkProtocol.CLOSE, m.get(0));
            told.add(m.get(2));
        }
        assertEquals(java.util.Set.of(badToken.id(), noSuchFrame.id(), badBody.id(), hugeNumber.id()), told,
                "the room service is told of each: their sessions detach, resumable");
        assertFalse(fine.conn().outbox().isClosed());
    }

    @Test
    void aFrameSentAloneKeepsItsNewlineAndItsFlagsAndAMalformedOneIsAHoleNotASkip() throws Exception {
        service = new FakeService("wA", ChatConfig.defaults());
        FakeService.Opened one = service.open();
        List<FakeService.Opened> cut = List.of(service.open(), service.open(), service.open(), service.open(),
                service.open()); // all opened first: a cut one's close would come before the next open
        String json = "{\"type\":\"x\",\n\"text\":\"two lines\"}";
        service.publish(LinkProtocol.FRAME, one.id(), "42 e " + json);
        Frame f = take(one.conn().outbox(), 1).getFirst();
        assertEquals(new Frame(json, true, 42), f, "the whole JSON, newline and all, and its ORDERED and FLAGS");
        // Not a BODY: a FLAGS that is neither "e" nor "-", an ORDERED that is not a number, none, no JSON, nothing.
        List<String> notBodies = List.of("0 x " + json, "12x - " + json, "- " + json, "7 -", "");
        for (int i = 0; i < notBodies.size(); i++) {
            service.publish(LinkProtocol.FRAME, cut.get(i).id(), notBodies.get(i));
            assertCut(cut.get(i).conn().outbox(), "'" + notBodies.get(i) + "'");
        }
        service.publish(LinkProtocol.FRAME, one.id(), "0 - {\"type\":\"x\",\"text\":\"next\"}");
        assertEquals(List.of("next"), texts(take(one.conn().outbox(), 1)), "the link still works");
    }

    @Test
    void aMessageWithoutASequenceNumberIsDroppedAndLeavesAHole() throws Exception {
        service = new FakeService("wQ", ChatConfig.defaults());
        FakeService.Opened one = service.open();
        service.publishAs(service.seq + 1, LinkProtocol.FRAMES, body("first"), one.id() + " 0\n");
        service.seq++;
        assertEquals(List.of("first"), texts(take(one.conn().outbox(), 1)));
        service.publishAs("1O2", LinkProtocol.FRAMES, body("unordered"), one.id() + " 0\n"); // a letter O
        service.seq++; // it took a number: the next message's
        service.publish(LinkProtocol.FRAMES, body("after"), one.id() + " 0\n");
        assertCut(one.conn().outbox(), "the receiving thread lives on, and sees the hole");
    }
}
