namespace Concord.Numerics;

/// <summary>
/// Singular value decomposition of a small dense matrix by one-sided Jacobi rotations (Hestenes 1958; Demmel and
/// Veselić 1992): columns of <c>A</c> (rows × cols, column-major) are rotated pairwise until mutually orthogonal, giving
/// <c>A V = U Σ</c>. Accurate to high relative precision; cost about <c>sweeps · cols² · rows</c>, meant for the
/// p × p and p_x × p_y matrices of CCA and SVCCA, not for n × p data.
/// </summary>
public sealed class Svd
{
    /// <summary>Singular values, non-increasing, length <c>Columns</c>.</summary>
    public IReadOnlyList<double> Values { get; }
    /// <summary>Left singular vectors, column-major rows × cols in the order of <see cref="Values"/> (zero columns for zero σ).</summary>
    public double[] U { get; }
    /// <summary>Right singular vectors, column-major cols × cols in the order of <see cref="Values"/>.</summary>
    public double[] V { get; }
    public int Rows { get; }
    public int Columns { get; }

    private Svd(double[] s, double[] u, double[] v, int rows, int cols) { Values = s; U = u; V = v; Rows = rows; Columns = cols; }

    /// <summary>Decomposes the column-major <paramref name="a"/> (not modified).</summary>
    public static Svd Compute(ReadOnlySpan<double> a, int rows, int cols, int maxSweeps = 60)
    {
        if ((long)rows * cols != a.Length) throw new ArgumentException("a must hold rows × cols values");
        var u = a.ToArray();
        var v = new double[cols * cols];
        for (int j = 0; j < cols; j++) v[j * cols + j] = 1;
        var norm2 = new double[cols];
        for (int j = 0; j < cols; j++) { var c = u.AsSpan(j * rows, rows); norm2[j] = CrossProducts.Dot(c, c); }
        const double eps = Qr.MachineEpsilon;
        for (int sweep = 0; sweep < maxSweeps; sweep++)
        {
            bool rotated = false;
            for (int p = 0; p < cols - 1; p++)
                for (int q = p + 1; q < cols; q++)
                {
                    var up = u.AsSpan(p * rows, rows); var uq = u.AsSpan(q * rows, rows);
                    double alpha = norm2[p], beta = norm2[q];
                    if (alpha == 0 || beta == 0) continue;
                    double gamma = CrossProducts.Dot(up, uq);
                    if (Math.Abs(gamma) <= eps * Math.Sqrt(alpha * beta)) continue;
                    rotated = true;
                    double zeta = (beta - alpha) / (2 * gamma);
                    double t = Math.Sign(zeta == 0 ? 1 : zeta) / (Math.Abs(zeta) + Math.Sqrt(1 + zeta * zeta));
                    double cs = 1 / Math.Sqrt(1 + t * t), sn = cs * t;
                    Rotate(up, uq, cs, sn);
                    Rotate(v.AsSpan(p * cols, cols), v.AsSpan(q * cols, cols), cs, sn);
                    norm2[p] = CrossProducts.Dot(up, up); norm2[q] = CrossProducts.Dot(uq, uq);
                }
            if (!rotated) break;
        }
        var sigma = new double[cols];
        for (int j = 0; j < cols; j++) sigma[j] = Math.Sqrt(norm2[j]);
        var order = Enumerable.Range(0, cols).OrderByDescending(j => sigma[j]).ThenBy(j => j).ToArray();
        var s = new double[cols]; var uo = new double[rows * cols]; var vo = new double[cols * cols];
        for (int k = 0; k < cols; k++)
        {
            int j = order[k];
            s[k] = sigma[j];
            if (sigma[j] > 0) for (int i = 0; i < rows; i++) uo[k * rows + i] = u[j * rows + i] / sigma[j];
            v.AsSpan(j * cols, cols).CopyTo(vo.AsSpan(k * cols, cols));
        }
        return new Svd(s, uo, vo, rows, cols);
    }

    private static void Rotate(Span<double> x, Span<double> y, double c, double s)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double a = x[i], b = y[i];
            x[i] = c * a - s * b;
            y[i] = s * a + c * b;
        }
    }
}
