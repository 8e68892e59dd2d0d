package dev.parley.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {
    @ParameterizedTest
    @CsvSource({
            "1234567, '1,234,567'", // thousands separated, no decimals
            "999.4,   999",         // three significant digits
            "12.345,  12.3",
            "1.2345,  1.23",
            "0,       0.00",
            "-12.5,   -12.5",       // a negative marginal figure
            "NaN,     -",           // not measured
    })
    void numbersHaveThreeSignificantDigits(double value, String printed) {
        assertThat(Report.num(value)).isEqualTo(printed);
    }

    @Test
    void theMedianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwoMiddle() {
        assertThat(Report.median(new double[] {1, 2, 9})).isEqualTo(2);
        assertThat(Report.median(new double[] {1, 2, 4, 9})).isEqualTo(3);
        assertThat(Report.median(new double[] {7})).isEqualTo(7);
        assertThat(Report.median(new double[0])).isNaN();
    }

    @Test
    void aFigureOverRunsPrintsAsMedianThenMinAndMax() {
        assertThat(Report.spread("latency p99 ms", new double[] {1.5, 2.25, 30}))
                .isEqualTo("  latency p99 ms                     2.25   [1.50 .. 30.0]");
    }

    @Test
    void theReferenceColumnHasOneCellPerReferenceServerOrADash() {
        assertThat(Report.references(List.<String>of(), r -> r)).isEqualTo("-");
        assertThat(Report.references(List.of("bare Netty"), r -> r + " 1.00")).isEqualTo("bare Netty 1.00");
        assertThat(Report.references(List.of("bare Netty", "Mumble"), r -> r + " 1.00"))
                .isEqualTo("bare Netty 1.00; Mumble 1.00");
    }

    @Test
    void ratiosAndTargets() {
        assertThat(Report.ratio(3, 2)).isEqualTo("1.50x");
        assertThat(Report.ratio(3, Double.NaN)).isEqualTo("-");
        assertThat(Report.ratio(3, 0)).isEqualTo("-");
        assertThat(Report.met(true)).isEqualTo("MET");
        assertThat(Report.met(false)).isEqualTo("NOT MET");
    }
}
