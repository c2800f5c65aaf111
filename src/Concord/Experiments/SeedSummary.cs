namespace Concord.Experiments;

/// <summary>
/// Mean and spread of one quantity over seeds (initialisations): mean = Σx/n, sd = √(Σ(x−mean)²/n) (population,
/// ddof = 0, as the study's <c>np.std</c>), n = number of values. NaN values are ignored.
/// </summary>
public readonly record struct SeedSummary(double Mean, double Sd, int N)
{
    /// <summary>Summarises <paramref name="values"/>; n = 0 gives NaN mean and sd.</summary>
    public static SeedSummary Of(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).ToArray();
        if (v.Length == 0) return new(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double ss = 0;
        foreach (double x in v) ss += (x - mean) * (x - mean);
        return new(mean, Math.Sqrt(ss / v.Length), v.Length);
    }

    /// <summary>"mean ± sd (n=N)" with <paramref name="decimals"/> decimals, invariant culture; "—" when n = 0.</summary>
    public string Format(int decimals = 2)
    {
        if (N == 0) return "—";
        string f = "F" + decimals;
        return $"{Mean.ToString(f, System.Globalization.CultureInfo.InvariantCulture)} ± {Sd.ToString(f, System.Globalization.CultureInfo.InvariantCulture)} (n={N})";
    }
}
