package com.edgeautopilot.cli.plan;

import com.edgeautopilot.cli.CliException;
import com.edgeautopilot.coalescer.event.ParsedMessage;
import com.edgeautopilot.coalescer.event.S3Change;
import com.edgeautopilot.coalescer.event.S3EventParser;
import com.edgeautopilot.common.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Changed (or inventoried) object keys read from text: one per line, as plain keys (exactly as stored in S3) or
 * {@code s3://bucket/key}; or S3 events as JSON (a whole file, or one per line): an SQS batch (its bodies), an S3
 * notification, an EventBridge S3 event, or either wrapped in SNS, decoded per shape by the coalescer's own
 * {@link S3EventParser}. Nothing is skipped silently: every line or record that cannot be read is a {@link Problem}
 * with its location, and events that ask for nothing (s3:TestEvent) are {@link #notes()}.
 */
final class KeyInput {

    /** S3's limit on a key: 1,024 bytes of UTF-8. */
    static final int MAX_KEY_BYTES = 1024;

    record Problem(String where, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    private final String bucket;
    private final S3EventParser parser;
    private final boolean eventsAllowed;
    private final Set<String> keys = new LinkedHashSet<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    /**
     * @param bucket        keys of any other bucket are problems
     * @param eventsAllowed whether JSON events are accepted (changed keys: yes; an inventory: no)
     */
    KeyInput(String bucket, S3EventParser parser, boolean eventsAllowed) {
        this.bucket = bucket;
        this.parser = parser;
        this.eventsAllowed = eventsAllowed;
    }

    Set<String> keys() {
        return keys;
    }

    List<Problem> problems() {
        return problems;
    }

    List<String> notes() {
        return notes;
    }

    /** Reads a file, or standard input for {@code -}. Unreadable input (missing file, not UTF-8) fails the command. */
    void read(String name, InputStream stdin) {
        byte[] bytes;
        try {
            if (name.equals("-")) {
                bytes = stdin.readAllBytes();
            } else {
                Path file = Path.of(name);
                if (Files.isDirectory(file)) {
                    throw CliException.failure("cannot read " + name + ": it is a directory");
                }
                bytes = Files.readAllBytes(file);
            }
        } catch (IOException e) {
            throw CliException.failure("cannot read " + name + ": " + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CliException.failure("cannot read " + name + ": not UTF-8 text");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String source = name.equals("-") ? "stdin" : name;
        String stripped = text.stripLeading();
        if (eventsAllowed && stripped.startsWith("{")) {
            Map<String, Object> whole = tryParse(text);
            if (whole != null) {
                event(whole, source);
                return;
            }
            // not one JSON document: JSON Lines, or lines of keys (a key may start with '{')
        }
        lines(text, source);
    }

    private void lines(String text, String source) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (line.isBlank()) {
                continue;
            }
            String where = source + ":" + (i + 1);
            if (eventsAllowed && line.stripLeading().startsWith("{")) {
                Map<String, Object> event = tryParse(line);
                if (event == null) {
                    problems.add(new Problem(where, "starts with '{' but is not a JSON event: " + parseError(line)));
                } else {
                    event(event, where);
                }
                continue;
            }
            if (line.startsWith("s3://")) {
                String rest = line.substring("s3://".length());
                int slash = rest.indexOf('/');
                if (slash <= 0 || slash == rest.length() - 1) {
                    problems.add(new Problem(where, "'" + abbreviate(line) + "' is not s3://BUCKET/KEY"));
                    continue;
                }
                String lineBucket = rest.substring(0, slash);
                if (!lineBucket.equals(bucket)) {
                    problems.add(new Problem(where, "bucket '" + lineBucket + "' is not --bucket " + bucket));
                    continue;
                }
                key(rest.substring(slash + 1), where);
            } else {
                key(line, where);
            }
        }
    }

    private void key(String key, String where) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7F) {
                problems.add(new Problem(where, "key holds control character U+" + String.format("%04X", (int) c)
                        + " (keys are read one per line, exactly as stored)"));
                return;
            }
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            problems.add(new Problem(where, "key is longer than S3's " + MAX_KEY_BYTES + " bytes"));
            return;
        }
        keys.add(key);
    }

    private void event(Map<String, Object> event, String where) {
        List<Object> records = Json.list(event, "Records");
        if (records != null && !records.isEmpty() && records.get(0) instanceof Map<?, ?> first && "aws:sqs".equals(first.get("eventSource"))) {
            for (int i = 0; i < records.size(); i++) {
                String at = where + " Records[" + i + "]";
                if (!(records.get(i) instanceof Map<?, ?> raw)) {
                    problems.add(new Problem(at, "not an object"));
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> record = (Map<String, Object>) raw;
                String id = Json.string(record, "messageId");
                String body = Json.string(record, "body");
                at = id == null ? at : at + " (messageId " + id + ")";
                if (body == null) {
                    problems.add(new Problem(at, "SQS record without a body"));
                    continue;
                }
                parsed(parser.parse(body), at);
            }
            return;
        }
        parsed(parser.parse(event), where);
    }

    private void parsed(ParsedMessage message, String where) {
        if (message instanceof ParsedMessage.Invalid invalid) {
            problems.add(new Problem(where, invalid.reason()));
        } else if (message instanceof ParsedMessage.Ignored ignored) {
            notes.add(where + ": ignored, " + ignored.reason());
        } else if (message instanceof ParsedMessage.Changes changes) {
            for (S3Change change : changes.changes()) {
                if (!change.bucket().equals(bucket)) {
                    problems.add(new Problem(where, "change in bucket '" + change.bucket() + "', not --bucket " + bucket));
                } else {
                    key(change.key(), where);
                }
            }
        }
    }

    private static Map<String, Object> tryParse(String text) {
        try {
            return Json.parseObject(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String parseError(String text) {
        try {
            Json.parseObject(text);
            return "?";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
