package org.spinecds.server.web;

/**
 * The frame of the service's patient pages: one self-contained HTML document (the style inline, with a print
 * style; no script, font, image or other resource fetched), so that a page prints as it shows, works offline once
 * opened, and lets a strict Content-Security-Policy forbid everything else. Text goes in through {@link #escape}.
 */
final class HtmlDocument {

    // 18px text and 1.5 line height; near-black on white (contrast about 17:1); the emergency box is told apart by a
    // thick border and its heading, not by colour alone.
    private static final String STYLE = """
            :root { color: #1a1a1a; background: #ffffff; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1.125rem;
                   line-height: 1.5; max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
            h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.25rem 0 1rem; }
            h2 { font-size: 1.375rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid #1a1a1a; }
            h3 { font-size: 1.125rem; margin: 1rem 0 0.25rem; }
            p, li { margin: 0 0 0.5rem; }
            .kicker { font-weight: 600; text-transform: uppercase; letter-spacing: 0.05em; margin: 0; }
            .exercises > li { margin-bottom: 1rem; }
            .caution { border-left: 4px solid #1a1a1a; padding-left: 0.75rem; }
            .emergency { border: 4px solid #a00000; padding: 0.25rem 1rem 0.5rem; }
            .emergency h3 { color: #a00000; }
            footer { margin-top: 2.5rem; font-size: 1rem; }
            a { color: #0b4f9c; }
            @media print {
              @page { margin: 15mm; }
              body { font-size: 12pt; max-width: none; padding: 0; }
              h2, h3 { break-after: avoid; }
              li, .emergency { break-inside: avoid; }
              a { color: inherit; }
            }
            """;

    private HtmlDocument() {
    }

    /** A whole page: {@code title} is plain text (escaped here), {@code body} HTML already escaped. */
    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + "</title>\n<style>\n" + STYLE + "</style>\n</head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }

    /** Text made safe in element content and in double-quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
