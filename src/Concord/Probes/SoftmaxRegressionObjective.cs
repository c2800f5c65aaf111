using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// f(W, b) = Σᵢ [logΣ_k exp zᵢₖ − z_{i,yᵢ}] + ‖W‖²/(2C), z = x·Wᵀ + b, and its gradient, over a float32 design.
/// θ = [W (R×d row-major), b (R)]. With <c>binary</c> (R = 1) the scores are [0, z], sklearn's binary logistic loss.
/// One fused pass per evaluation: per row block, scores, softmax residuals r = p − onehot(y), then G += rᵀX, all
/// accumulated in double (X stays float32).
/// </summary>
internal sealed class SoftmaxRegressionObjective
{
    private const int Block = 256;
    private readonly Matrix _x;
    private readonly int[] _y;
    private readonly int _r, _d, _workers;
    private readonly bool _binary;
    private readonly double _invC;
    private readonly double[] _wf, _bf;
    private readonly double[][] _gw;
    private readonly double[][] _gb;
    private readonly double[] _loss;

    public SoftmaxRegressionObjective(Matrix x, int[] yIndex, int classes, double c, int workers)
    {
        _x = x; _y = yIndex; _d = x.Cols;
        _binary = classes == 2;
        _r = _binary ? 1 : classes;
        _invC = 1.0 / c;
        _workers = RowPartition.Effective(x.Rows, workers);
        _wf = new double[_r * _d];
        _bf = new double[_r];
        _gw = new double[_workers][];
        _gb = new double[_workers][];
        for (int w = 0; w < _workers; w++) { _gw[w] = new double[_r * _d]; _gb[w] = new double[_r]; }
        _loss = new double[_workers];
    }

    public int ParameterCount => _r * (_d + 1);
    public int Rows => _r;

    public double Evaluate(double[] theta, double[] grad)
    {
        int wlen = _r * _d;
        Array.Copy(theta, _wf, wlen);
        Array.Copy(theta, wlen, _bf, 0, _r);
        RowPartition.For(_x.Rows, _workers, Work);
        Array.Clear(grad);
        double f = 0;
        for (int w = 0; w < _workers; w++)
        {
            f += _loss[w];
            var gw = _gw[w];
            for (int i = 0; i < wlen; i++) grad[i] += gw[i];
            for (int k = 0; k < _r; k++) grad[wlen + k] += _gb[w][k];
        }
        double reg = 0;
        for (int i = 0; i < wlen; i++) { reg += theta[i] * theta[i]; grad[i] += _invC * theta[i]; }
        return f + 0.5 * _invC * reg;
    }

    private void Work(int worker, int start, int end)
    {
        int r = _r, k = _binary ? 2 : _r;
        var z = new double[Block * r];
        var res = new double[Block * r];
        var gw = _gw[worker];
        var gb = _gb[worker];
        Array.Clear(gw);
        Array.Clear(gb);
        Span<double> p = stackalloc double[k];
        double loss = 0;
        for (int s = start; s < end; s += Block)
        {
            int cnt = Math.Min(Block, end - s);
            LinearScoreKernels.ScoresWide(_x, s, cnt, _wf, _bf, z);
            for (int i = 0; i < cnt; i++)
            {
                int y = _y[s + i];
                if (_binary)
                {
                    double zi = z[i];
                    // log(1 + e^z) − z·[y = 1], stable; residual σ(z) − [y = 1].
                    double lse = zi > 0 ? zi + Math.Log(1 + Math.Exp(-zi)) : Math.Log(1 + Math.Exp(zi));
                    loss += lse - (y == 1 ? zi : 0);
                    double sig = Math.Exp(zi - lse);
                    double rr = sig - (y == 1 ? 1 : 0);
                    res[i] = rr;
                    gb[0] += rr;
                    continue;
                }
                double max = double.NegativeInfinity;
                for (int c = 0; c < r; c++) max = Math.Max(max, z[i * r + c]);
                double sum = 0;
                for (int c = 0; c < r; c++) { p[c] = Math.Exp(z[i * r + c] - max); sum += p[c]; }
                double lse2 = max + Math.Log(sum);
                loss += lse2 - z[i * r + y];
                for (int c = 0; c < r; c++)
                {
                    double rc = p[c] / sum - (c == y ? 1 : 0);
                    res[i * r + c] = rc;
                    gb[c] += rc;
                }
            }
            LinearScoreKernels.AccumulateWeightedRowsWide(_x, s, cnt, res, r, gw);
        }
        _loss[worker] = loss;
    }
}
