package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NumberParserTest
{
    private final NumberParser parser = new NumberParser();

    private int parse(final String token, final int scale, final StatSign sign)
    {
        final byte[] bytes = ("  " + token + "  ").getBytes(StandardCharsets.US_ASCII);
        return parser.parse(bytes, 2, 2 + token.length(), scale, sign);
    }

    @Test
    void parsesUnsignedDecimal()
    {
        assertThat(parse("0", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isZero();
        assertThat(parse("71838534", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(71838534L);
    }

    @Test
    void parsesFullUnsigned64BitRange()
    {
        assertThat(parse("18446744073709551615", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(-1L);
        assertThat(parse("9223372036854775808", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("9223372036854771712", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(9223372036854771712L);
    }

    @Test
    void rejectsValuesOverflowingUnsigned64Bit()
    {
        assertThat(parse("18446744073709551616", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parser.reason()).isEqualTo("value overflows u64");
        assertThat(parse("99999999999999999999", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parse("184467440737095516150", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
    }

    @Test
    void readsMaxLiteral()
    {
        assertThat(parse("max", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.MAX);
        assertThat(parse("max", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.MAX);
        assertThat(parse("Max", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parse("maxi", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
    }

    @Test
    void rejectsGarbage()
    {
        for (final String garbage : new String[] {"", "abc", "12a", "1 2", "+5", "0x10", ".5", "5.", "1.2.3", "-"})
        {
            assertThat(parse(garbage, 2, StatSign.UNSIGNED)).as(garbage).isEqualTo(NumberParser.INVALID);
        }
    }

    @Test
    void rejectsNegativeUnsignedValues()
    {
        assertThat(parse("-5", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parser.reason()).isEqualTo("negative value");
        assertThat(parse("-1", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
    }

    @Test
    void readsMinusOneAsMaxOnlyWhereItMeansUnlimited()
    {
        assertThat(parse("-1", 0, StatSign.MINUS_ONE_IS_MAX)).isEqualTo(NumberParser.MAX);
        assertThat(parse("-2", 0, StatSign.MINUS_ONE_IS_MAX)).isEqualTo(NumberParser.INVALID);
        assertThat(parse("100000", 0, StatSign.MINUS_ONE_IS_MAX)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(100000L);
    }

    @Test
    void readsSignedValuesAsTwosComplement()
    {
        assertThat(parse("-20", 0, StatSign.SIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(-20L);
        assertThat(parse("19", 0, StatSign.SIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(19L);
        assertThat(parse("-9223372036854775808", 0, StatSign.SIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(Long.MIN_VALUE);
        assertThat(parse("9223372036854775807", 0, StatSign.SIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsSignedValuesOutsideSigned64Bit()
    {
        assertThat(parse("9223372036854775808", 0, StatSign.SIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parser.reason()).isEqualTo("value overflows s64");
        assertThat(parse("-9223372036854775809", 0, StatSign.SIGNED)).isEqualTo(NumberParser.INVALID);
    }

    @Test
    void keepsTwoDecimalsAsFixedPoint()
    {
        assertThat(parse("2.32", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(232L);
        assertThat(parse("0.00", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isZero();
        assertThat(parse("100.00", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(10000L);
        assertThat(parse("0.07", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(7L);
    }

    @Test
    void padsShortFractionsAndTruncatesLongOnes()
    {
        assertThat(parse("1.5", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(150L);
        assertThat(parse("7", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(700L);
        assertThat(parse("1.239", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(123L);
    }

    @Test
    void rejectsDecimalPointInIntegerColumn()
    {
        assertThat(parse("1.5", 0, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parser.reason()).isEqualTo("unexpected decimal point");
    }

    @Test
    void rejectsScaledValuesThatOverflow()
    {
        assertThat(parse("184467440737095516.15", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.NUMBER);
        assertThat(parser.value()).isEqualTo(-1L);
        assertThat(parse("184467440737095516.16", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parse("184467440737095517", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
        assertThat(parse("9223372036854775808", 2, StatSign.UNSIGNED)).isEqualTo(NumberParser.INVALID);
    }

    @Test
    void detectsNumericTokensAndTheirScale()
    {
        final byte[] bytes = "12 1.50 max abc 1.2.3".getBytes(StandardCharsets.US_ASCII);
        assertThat(NumberParser.looksNumeric(bytes, 0, 2)).isTrue();
        assertThat(NumberParser.looksNumeric(bytes, 3, 7)).isTrue();
        assertThat(NumberParser.scaleOf(bytes, 3, 7)).isEqualTo(2);
        assertThat(NumberParser.scaleOf(bytes, 0, 2)).isZero();
        assertThat(NumberParser.looksNumeric(bytes, 8, 11)).isTrue();
        assertThat(NumberParser.looksNumeric(bytes, 12, 15)).isFalse();
        assertThat(NumberParser.looksNumeric(bytes, 16, 21)).isFalse();
    }
}
