package dev.rstat.cgroup.report.chart;

/**
 * Makes text from cgroupfs (paths, names) safe where the charts put it: printable (control characters as the text
 * format shows them), inside HTML or XML text and attributes, and inside a JavaScript string literal in a
 * {@code <script>} element.
 */
final class Escapes
{
    private static final String HEX = "0123456789abcdef";

    private Escapes()
    {
    }

    /**
     * The printable form of a text, as the text table prints paths: {@code \n}, {@code \t}, {@code \r}, other C0
     * controls and DEL as {@code \xNN}, C1 controls as <code>&#92;u00NN</code>, backslash doubled; lone surrogates
     * (no character) as <code>&#92;uXXXX</code>.
     *
     * @param text the text.
     * @return the printable text.
     */
    static String printable(final String text)
    {
        StringBuilder out = null;
        for (int i = 0, length = text.length(); i < length; i++)
        {
            final char c = text.charAt(i);
            String escape = switch (c)
            {
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\r' -> "\\r";
                case '\\' -> "\\\\";
                default -> c < 0x20 || c == 0x7f ? "\\x" + HEX.charAt(c >> 4) + HEX.charAt(c & 0xf) :
                    c >= 0x80 && c <= 0x9f ? "\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 0xf) : null;
            };
            if (escape == null && Character.isSurrogate(c))
            {
                final boolean pair = Character.isHighSurrogate(c) && i + 1 < length &&
                    Character.isLowSurrogate(text.charAt(i + 1)) ||
                    Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
                escape = pair ? null : "\\u" + Integer.toHexString(c);
            }
            if (escape != null && out == null)
            {
                out = new StringBuilder(length + 8).append(text, 0, i);
            }
            if (out != null)
            {
                if (escape != null)
                {
                    out.append(escape);
                }
                else
                {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * Appends printable text escaped for HTML or XML text and attribute values ({@code & < > " '}).
     *
     * @param text printable text (no control characters: see {@link #printable(String)}).
     * @param out  where to append.
     */
    static void xml(final String text, final StringBuilder out)
    {
        for (int i = 0, length = text.length(); i < length; i++)
        {
            final char c = text.charAt(i);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
    }

    /**
     * Appends a JavaScript (and JSON) string literal, quotes included, safe inside a {@code <script>} element: every
     * character that could end the element or the string or that JavaScript reads as a line end ({@code < > &},
     * quotes, backslash, controls, U+2028, U+2029) and every surrogate is written as <code>&#92;uXXXX</code>.
     *
     * @param text any text.
     * @param out  where to append.
     */
    static void js(final String text, final StringBuilder out)
    {
        out.append('"');
        for (int i = 0, length = text.length(); i < length; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' || c == '\'' ||
                c >= 0x7f && c <= 0x9f || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c))
            {
                out.append("\\u").append(HEX.charAt(c >> 12)).append(HEX.charAt(c >> 8 & 0xf))
                    .append(HEX.charAt(c >> 4 & 0xf)).append(HEX.charAt(c & 0xf));
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }
}
