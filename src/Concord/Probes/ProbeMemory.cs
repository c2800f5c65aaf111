namespace Concord.Probes;

/// <summary>
/// The working set of one representation's probes (<see cref="ProbeRunner.Prepare"/> and every probe fitted on the
/// design): the float32 training and test matrices as loaded, their standardised copies, and the solvers' arrays, both
/// kinds counted since the design keeps its factorisation (ridge or least squares) while the logistic probes run. Regression: the ridge
/// factorisation keeps the centred float64 design and a sample-space basis, and builds an m × m Gram matrix
/// (m = min(n_train, d)) with its eigenvectors; paper least squares holds the centred design (and, when a fit needs the
/// QR + SVD after the Gram path, a copy of it) and up to seven m × m arrays (the SVD's preconditioner, rotated columns
/// and vectors; the Gram path's G and L⁻¹ are two of that size). Classification: the L-BFGS state (history, gradients per worker) of a K × (d + 1) softmax model.
/// An upper bound where a budget matters (wide representations: the garbage collector may return some arrays before the
/// next is allocated); for narrow ones the runtime's own overhead, a few tens of MB that this does not count, can exceed
/// it (bench probes --memory: 0.81 of the measured peak at 1,080 columns, 1.24 at 23,040).
/// </summary>
public static class ProbeMemory
{
    /// <summary>The estimate for one representation's probes.</summary>
    /// <param name="trainRows">Training rows.</param>
    /// <param name="testRows">Test rows.</param>
    /// <param name="columns">Columns of the representation.</param>
    /// <param name="options">The probe options (ridge-CV or least squares; L-BFGS workers).</param>
    /// <param name="regression">Whether a linear probe (ridge-CV or least squares) is fitted.</param>
    /// <param name="classes">Largest class count of a logistic probe, or 0 when none is fitted.</param>
    public static MemoryEstimate Estimate(long trainRows, long testRows, long columns, ProbeOptions options, bool regression, int classes)
    {
        ArgumentNullException.ThrowIfNull(options);
        long n = trainRows, d = columns, m = Math.Min(n, d);
        long matrices = (trainRows + testRows) * d * sizeof(float);
        var parts = new List<MemoryEstimate.Part>
        {
            new("activations, float32", matrices),
            new("standardised copy, float32", matrices),
        };
        long solverRegression = 0, solverClassification = 0;
        if (regression && options.Linear.RidgeAlphas is not null)
            solverRegression = n * d * 8 + m * n * 8 + 4 * m * m * 8;   // centred design, basis; Gram, eigenvectors and two work matrices
        else if (regression)
            solverRegression = 2 * n * d * 8 + 7 * m * m * 8;         // centred design and a copy; the m × m factors
        if (classes > 0)
        {
            long model = (long)classes * (d + 1) * 8;
            int memory = new Numerics.LbfgsOptions().Memory;
            solverClassification = model * (2 * memory + 6 + 2L * options.Logistic.Workers);
        }
        if (solverRegression > 0)
            parts.Add(new(options.Linear.RidgeAlphas is not null ? "ridge factorisation, float64" : "least squares, float64", solverRegression));
        if (solverClassification > 0)
            parts.Add(new("softmax solver state, float64", solverClassification));
        return new MemoryEstimate(parts);
    }
}
