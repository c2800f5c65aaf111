namespace Concord.Similarity;

/// <summary>
/// A representation compared with many others in turn (one layer against every hand-crafted feature, or against every
/// other layer): validated and centred once, and what depends on it alone (its n × n Gram matrix, ‖XᵀX‖²_F, the
/// moment-based null's invariants) is computed at its first pair and reused by the rest. The values are those of
/// comparing the plain representation pair by pair, bit for bit; the saving is the held side's share of each pair
/// (for a 23,040-column conv3 against 22 features at n = 2,100, 22 Gram matrices of n²·p multiply-adds become one).
/// It keeps its centred float64 copy (n × p) and, once used, the Gram matrix (n² doubles) until it is dropped.
/// </summary>
public sealed class HeldRepresentation
{
    /// <summary>Validates and centres <paramref name="source"/> (<paramref name="threads"/> workers; the result does not
    /// depend on them).</summary>
    /// <exception cref="ConcordException">No rows or columns, or a value that is not finite (row and column named).</exception>
    public HeldRepresentation(Representation source, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(source);
        Source = source;
        Centred = CentredMatrix.Create(source, threads: threads);
    }

    /// <summary>The representation as given.</summary>
    public Representation Source { get; }

    /// <summary>Examples (rows).</summary>
    public int Rows => Source.Rows;

    /// <summary>Columns as given (constant ones included).</summary>
    public int Columns => Source.Columns;

    internal CentredMatrix Centred { get; }
}
