package io.accelconn.firsthour;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of a README section: every {@code ```bash} block, with the {@code ```text} block
 * right after it, which shows what the command prints. In a shown answer {@code ...} stands for
 * what differs between runs; lines are joined without their indentation, so long JSON may be
 * wrapped anywhere.
 */
record ReadmeWalkthrough(List<Step> steps) {

    /** @param shown the fragments of the shown answer, in the order they appear; empty when nothing is shown */
    record Step(int line, String command, List<String> shown) {

        /** The first shown fragment the output lacks (in order), or null when it has them all. */
        /** README wraps long answers and puts answers on lines of their own: line ends are not compared. */
        String missingFrom(String printed) {
            String output = printed.replace("\r", "").replace("\n", "");
            int at = 0;
            for (String fragment : shown) {
                int found = output.indexOf(fragment, at);
                if (found < 0) {
                    return fragment;
                }
                at = found + fragment.length();
            }
            return null;
        }
    }

    static ReadmeWalkthrough of(Path readme, String heading) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new IllegalStateException(readme + " has no line '" + heading + "'");
        }
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        List<Step> steps = new ArrayList<>();
        Step pending = null;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(level)) {
                break; // the next section of the same level
            }
            if (!line.startsWith("```") || line.equals("```")) {
                continue;
            }
            String language = line.substring(3).trim();
            int open = i;
            List<String> body = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).equals("```"); i++) {
                body.add(lines.get(i));
            }
            if (language.equals("bash")) {
                if (pending != null) {
                    steps.add(pending);
                }
                pending = new Step(open + 1, String.join("\n", body), List.of());
            } else if (language.equals("text") && pending != null) {
                steps.add(new Step(pending.line(), pending.command(), fragments(body)));
                pending = null;
            }
        }
        if (pending != null) {
            steps.add(pending);
        }
        return new ReadmeWalkthrough(List.copyOf(steps));
    }

    private static List<String> fragments(List<String> shown) {
        StringBuilder joined = new StringBuilder();
        for (String l : shown) {
            joined.append(l.strip());
        }
        List<String> out = new ArrayList<>();
        for (String f : joined.toString().split("\\.\\.\\.")) {
            if (!f.isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }
}
