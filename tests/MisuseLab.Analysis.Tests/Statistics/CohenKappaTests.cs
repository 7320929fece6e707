using System.Globalization;
using System.Text;
using MisuseLab.Analysis.Statistics;

namespace MisuseLab.Analysis.Tests.Statistics;

/// <summary>
/// <see cref="CohenKappa"/> against a published worked example and against the Fleiss–Cohen–Everitt variance written
/// in base R (matrix form, a second derivation of the same formula) for random tables, run by Rscript.
/// </summary>
public class CohenKappaTests
{
    [Fact]
    public void Published_two_rater_example_gives_kappa_0_4()
    {
        // Wikipedia, "Cohen's kappa", worked example: 50 grant proposals, both yes 20, A yes / B no 5, A no / B yes 10,
        // both no 15: pₒ = 0.7, pₑ = 0.5, κ = 0.4.
        var k = CohenKappa.FromTable(new[,] { { 20, 5 }, { 10, 15 } });
        Assert.Equal(50, k.Units);
        Assert.Equal(0.7, k.ObservedAgreement, 12);
        Assert.Equal(0.5, k.ExpectedAgreement, 12);
        Assert.Equal(0.4, k.Kappa, 12);
    }

    [Fact]
    public void Pairs_build_the_same_table_as_counting_by_hand()
    {
        var units = new List<(bool, bool)>();
        units.AddRange(Enumerable.Repeat((true, true), 20));
        units.AddRange(Enumerable.Repeat((true, false), 5));
        units.AddRange(Enumerable.Repeat((false, true), 10));
        units.AddRange(Enumerable.Repeat((false, false), 15));
        Assert.Equal(CohenKappa.FromTable(new[,] { { 15, 10 }, { 5, 20 } }), CohenKappa.FromPairs(units));
    }

    [Fact]
    public void Chance_agreement_of_one_leaves_kappa_undefined_and_bad_tables_are_refused()
    {
        var k = CohenKappa.FromTable(new[,] { { 0, 0 }, { 0, 9 } });
        Assert.Equal(1.0, k.ObservedAgreement);
        Assert.True(double.IsNaN(k.Kappa) && double.IsNaN(k.Lower));
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => CohenKappa.FromTable(new int[2, 3])).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => CohenKappa.FromTable(new int[2, 2])).Message);
        Assert.Contains("≥ 0", Assert.Throws<ArgumentException>(() => CohenKappa.FromTable(new[,] { { 1, -1 }, { 0, 2 } })).Message);
    }

    [Fact]
    public async Task Kappa_its_standard_error_and_interval_match_base_R()
    {
        var random = new Random(20261201);
        var tables = new List<int[,]> { new[,] { { 20, 5 }, { 10, 15 } }, new[,] { { 30, 0 }, { 0, 12 } } };
        for (var t = 0; t < 10; t++)
        {
            var size = 2 + t % 3;
            var table = new int[size, size];
            for (var i = 0; i < size; i++)
                for (var j = 0; j < size; j++)
                    table[i, j] = random.Next(0, i == j ? 40 : 12);
            table[0, 0] += 1;
            tables.Add(table);
        }

        var script = new StringBuilder("""
            kap <- function(tab) {
              n <- sum(tab); p <- tab / n; r <- rowSums(p); cl <- colSums(p)
              po <- sum(diag(p)); pe <- sum(r * cl); k <- (po - pe) / (1 - pe)
              # Fleiss, Cohen & Everitt (1969): weights (p.i + pj.)^2 (1 - k)^2 off the diagonal, (1 - (pi. + p.i)(1 - k))^2 on it
              w <- outer(cl, r, "+")^2 * (1 - k)^2
              diag(w) <- (1 - (r + cl) * (1 - k))^2
              se <- sqrt((sum(p * w) - (k - pe * (1 - k))^2) / (n * (1 - pe)^2))
              z <- qnorm(0.975)
              c(po, pe, k, se, max(-1, k - z * se), min(1, k + z * se))
            }

            """);
        for (var t = 0; t < tables.Count; t++)
        {
            var table = tables[t];
            var size = table.GetLength(0);
            var values = new List<string>();
            for (var j = 0; j < size; j++)
                for (var i = 0; i < size; i++)
                    values.Add(table[i, j].ToString(CultureInfo.InvariantCulture));
            script.Append(CultureInfo.InvariantCulture, $"x <- kap(matrix(c({string.Join(",", values)}), nrow = {size}))\n");
            script.Append(CultureInfo.InvariantCulture, $"cat(sprintf(\"kappa,{t},%.15g,%.15g,%.15g,%.15g,%.15g,%.15g\\n\", x[1], x[2], x[3], x[4], x[5], x[6]))\n");
        }

        var r = ROracle.Parse(await ROracle.RunAsync(script.ToString(), new Dictionary<string, string>()), "kappa");
        Assert.Equal(tables.Count, r.Count);
        for (var t = 0; t < tables.Count; t++)
        {
            var ours = CohenKappa.FromTable(tables[t]);
            var expected = r[("kappa", t.ToString(CultureInfo.InvariantCulture))];
            double[] actual = [ours.ObservedAgreement, ours.ExpectedAgreement, ours.Kappa, ours.StandardError, ours.Lower, ours.Upper];
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-10, $"table {t}, value {i} (po, pe, kappa, se, lower, upper): R {expected[i]}, MisuseLab {actual[i]}");
            }
        }
    }
}
