package dev.beryl.web.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * INFO's text as JSON-ready sections: "# Server" starts section "server", each "name:value" line below it
 * becomes a field (values stay strings, as INFO prints them). Order is kept.
 */
final class InfoSections {
    private InfoSections() {}

    static Map<String, Map<String, String>> parse(String info) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : info.split("\r\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("# ")) {
                current = sections.computeIfAbsent(line.substring(2).trim().toLowerCase(), k -> new LinkedHashMap<>());
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0 || current == null) continue;
            current.put(line.substring(0, colon), line.substring(colon + 1));
        }
        return sections;
    }
}
