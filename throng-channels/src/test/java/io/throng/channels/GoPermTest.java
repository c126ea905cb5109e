package io.throng.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reproduces Go's {@code test/chan/perm.go}, an "errorcheck" test: misuse of directional channel types
 * must be rejected by the compiler. Go has {@code chan<- T} (send only) and {@code <-chan T} (receive
 * only); in Java the same directions are the wildcard views {@code Channel<? super T>} (you may send a
 * T, you receive only Objects) and {@code Channel<? extends T>} (you receive Ts, you may send nothing).
 * This test compiles small programs against the real classes with the JDK's compiler: each "bad"
 * program must fail with a type error, each "good" one must compile, so the API's generics really give
 * Go's static guarantees. One difference from Go is recorded as a good program: Java cannot stop a
 * holder of a receive-only view from calling {@code close()} (Go rejects that at compile time).
 */
class GoPermTest {

    private static final Map<String, String> BAD = new HashMap<>();
    private static final Map<String, String> GOOD = new HashMap<>();

    static {
        // Sending on a receive-only view (Go: "send to receive-only type").
        BAD.put("SendOnReceiveOnly", "Channel<? extends Number> cr = Channel.<Integer>unbuffered(); cr.send(1);");
        BAD.put("TrySendOnReceiveOnly", "Channel<? extends Number> cr = Channel.<Integer>unbuffered(); cr.trySend(1);");
        BAD.put("SelectSendOnReceiveOnly",
                "Channel<? extends Number> cr = Channel.<Integer>unbuffered(); Select.select(cr.onSend(1, () -> 0));");
        // Receiving a T from a send-only view (Go: "receive from send-only type").
        BAD.put("ReceiveFromSendOnly",
                "Channel<? super Integer> cs = Channel.<Number>unbuffered(); Integer x = cs.receive().orElseThrow();");
        BAD.put("SelectReceiveFromSendOnly",
                "Channel<? super Integer> cs = Channel.<Number>unbuffered();"
                        + " Integer x = Select.select(cs.onReceive(v -> v));");
        BAD.put("IterateSendOnly",
                "Channel<? super Integer> cs = Channel.<Number>unbuffered(); for (Integer x : cs) {}");
        // Converting between channel types (Go: assigning a chan<- T to a <-chan T, and so on).
        BAD.put("SendOnlyToReceiveOnly",
                "Channel<? super Integer> cs = Channel.<Integer>unbuffered(); Channel<? extends Integer> cr = cs;");
        BAD.put("ReceiveOnlyToSendOnly",
                "Channel<? extends Integer> cr = Channel.<Integer>unbuffered(); Channel<? super Integer> cs = cr;");
        BAD.put("ReceiveOnlyToBidirectional",
                "Channel<? extends Integer> cr = Channel.<Integer>unbuffered(); Channel<Integer> c = cr;");
        BAD.put("ElementTypesAreInvariant", "Channel<Number> c = Channel.<Integer>unbuffered();");
        BAD.put("WrongElementType", "Channel<Integer> c = Channel.unbuffered(); c.send(\"one\");");
        BAD.put("CaseResultTypesMustAgree",
                "Channel<Integer> c = Channel.unbuffered(); String s = Select.select(c.onReceive(v -> v));");
        BAD.put("ReceivedIsSealed", "final class Mine implements Received<Integer> {}");
        BAD.put("CaseIsSealed", "final class Mine implements Case<Integer> {}");

        GOOD.put("BidirectionalToReceiveOnly",
                "Channel<Integer> c = Channel.unbuffered(); Channel<? extends Number> cr = c;"
                        + " Number n = cr.receive().orElseThrow(); for (Number m : cr) {}"
                        + " Number k = Select.select(cr.onReceive(v -> v));");
        GOOD.put("BidirectionalToSendOnly",
                "Channel<Number> c = Channel.unbuffered(); Channel<? super Integer> cs = c; cs.send(1);"
                        + " cs.trySend(2); Object o = cs.receive(); int r = Select.select(cs.onSend(3, () -> 3));");
        GOOD.put("CloseReceiveOnly", "Channel<? extends Number> cr = Channel.<Integer>unbuffered(); cr.close();");
        GOOD.put("MixedSelect",
                "Channel<Integer> a = Channel.unbuffered(); Channel<String> b = Channel.unbuffered();"
                        + " Object r = Select.select(a.onReceive(v -> v), b.onSend(\"x\", () -> \"sent\"),"
                        + " Select.onDefault(() -> null));");
    }

    @Test
    void directionalMisuseDoesNotCompile(@TempDir Path out) throws Exception {
        Map<String, List<String>> errors = compile(out);
        for (String name : BAD.keySet()) {
            List<String> e = errors.get(name);
            assertTrue(!e.isEmpty(), name + " should not compile: " + BAD.get(name));
            // A typo in the program would also fail to compile; only a type error counts.
            assertTrue(e.stream().noneMatch(m -> m.contains("cannot find symbol") || m.contains("expected")),
                    name + " failed for the wrong reason: " + e);
        }
        for (String name : GOOD.keySet()) {
            assertEquals(List.of(), errors.get(name), name + " should compile: " + GOOD.get(name));
        }
    }

    /** Compiles every program in one compiler run; returns the errors of each, by name. */
    private static Map<String, List<String>> compile(Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests need a JDK, not a JRE");
        List<JavaFileObject> units = new ArrayList<>();
        Map<String, List<String>> errors = new HashMap<>();
        Map<String, String> all = new HashMap<>(BAD);
        all.putAll(GOOD);
        all.forEach((name, body) -> {
            errors.put(name, new ArrayList<>());
            String source = body.startsWith("final class")
                    ? "package perm; import io.throng.channels.*; " + body.replace("Mine", name) + "\n"
                    : "package perm; import io.throng.channels.*; class " + name
                            + " { void f() throws Exception { " + body + " } }\n";
            units.add(new SimpleJavaFileObject(URI.create("string:///perm/" + name + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }
            });
        });
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Path classes = Path.of(Channel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            javac.getTask(null, files, diagnostics,
                    List.of("-classpath", classes.toString(), "-d", out.toString(), "-proc:none"), null, units).call();
        }
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() == Diagnostic.Kind.ERROR && d.getSource() != null) {
                String file = Path.of(d.getSource().toUri().getPath()).getFileName().toString();
                errors.get(file.replace(".java", "")).add(d.getMessage(null));
            }
        }
        return errors;
    }
}
