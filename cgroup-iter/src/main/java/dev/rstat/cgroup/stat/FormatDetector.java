package dev.rstat.cgroup.stat;

/**
 * Guesses the format of a file the catalog does not know, from its content:
 * <ol>
 * <li>no token at all: {@link StatFormat#AUTO} (nothing to parse);</li>
 * <li>a {@code =} in any token: {@link StatFormat#NESTED_KEYED};</li>
 * <li>one line of numeric tokens ({@code max} counts as numeric): {@link StatFormat#SINGLE} for one token,
 * {@link StatFormat#SPACE_SEPARATED} for several;</li>
 * <li>every line {@code KEY NUMBER}: {@link StatFormat#FLAT_KEYED};</li>
 * <li>every line {@code KEY NUMBER} or {@code DEV OP NUMBER}: {@link StatFormat#DEVICE_KEYED};</li>
 * <li>otherwise {@link StatFormat#TEXT}.</li>
 * </ol>
 */
final class FormatDetector
{
    private FormatDetector()
    {
    }

    /**
     * Detects the format; leaves the cursor at the end (reset it before parsing).
     *
     * @param lines the content, positioned before the first line.
     * @return the format.
     */
    static StatFormat detect(final Lines lines)
    {
        final byte[] buffer = lines.buffer();
        int nonEmpty = 0;
        boolean allNumeric = true;
        boolean keyValue = true;
        boolean deviceKeyed = true;
        boolean pairs = false;
        int firstTokens = 0;
        while (lines.nextNonEmpty())
        {
            nonEmpty++;
            final int tokens = lines.tokens();
            if (nonEmpty == 1)
            {
                firstTokens = tokens;
            }
            for (int token = 0; token < tokens; token++)
            {
                if (lines.indexOf(token, (byte)'=') >= 0)
                {
                    pairs = true;
                }
                if (!NumberParser.looksNumeric(buffer, lines.start(token), lines.end(token)))
                {
                    allNumeric = false;
                }
            }
            final boolean lastNumeric =
                NumberParser.looksNumeric(buffer, lines.start(tokens - 1), lines.end(tokens - 1));
            keyValue &= tokens == 2 && lastNumeric;
            deviceKeyed &= (tokens == 2 || tokens == 3) && lastNumeric;
        }
        if (nonEmpty == 0)
        {
            return StatFormat.AUTO;
        }
        if (pairs)
        {
            return StatFormat.NESTED_KEYED;
        }
        if (nonEmpty == 1 && allNumeric)
        {
            return firstTokens == 1 ? StatFormat.SINGLE : StatFormat.SPACE_SEPARATED;
        }
        if (keyValue)
        {
            return StatFormat.FLAT_KEYED;
        }
        return deviceKeyed ? StatFormat.DEVICE_KEYED : StatFormat.TEXT;
    }
}
