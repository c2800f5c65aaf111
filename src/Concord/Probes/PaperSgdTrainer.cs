using Concord.Numerics;

namespace Concord.Probes;

/// <summary>One probe of a <see cref="PaperSgdTrainer"/> fit: class indices of the training rows, the class count K,
/// the initial weights [K·d] and bias [K] (not modified), and optional test class indices (−1 = a class unseen in training).</summary>
internal sealed record PaperSgdProbe(int[] Y, int K, float[] Weight, float[] Bias, int[]? TestY);

/// <summary>
/// The study's probe training loop in float32 (METHOD.md §7.1): for each epoch, batches [0, B), [B, 2B), … in order;
/// p = softmax(x·Wᵀ + b); loss = mean over the batch of −log softmax(p)_y (double softmax) or −log p_y;
/// gradients by the chain rule; PyTorch SGD with momentum μ (buffer v ← μv + g, first step v = g; θ ← θ − lr·v).
/// </summary>
/// <remarks>
/// Several probes on the same design train together: their weights are stacked into one [ΣK, d] matrix, so each
/// mini-batch makes one score product and one gradient product for all of them, and each probe's loss, gradient and
/// step read only its own rows. Every output of <see cref="LinearScoreKernels.Scores"/> and
/// <see cref="LinearScoreKernels.AccumulateWeightedRows"/> is accumulated in an order that depends on its row of W (or
/// column of R) and on the rows of X only, never on the other outputs, and the momentum step is element-wise, so each
/// probe's weights and history are bit-identical to training it alone (docs/probes.md, "Batched paper-SGD probes").
/// </remarks>
internal static class PaperSgdTrainer
{
    /// <summary>Trains every probe on <paramref name="x"/> [n, d] with the shared options; per probe the final weight,
    /// bias and history, in the order given.</summary>
    public static (float[] W, float[] B, PaperSgdReport Report)[] Train(Matrix x, IReadOnlyList<PaperSgdProbe> probes, PaperSgdOptions o,
        Matrix? testX, CancellationToken ct)
    {
        int d = x.Cols, n = x.Rows, bs = o.BatchSize, m = probes.Count;
        float lr = (float)o.LearningRate, mu = (float)o.Momentum;
        var offset = new int[m + 1];
        for (int p = 0; p < m; p++) offset[p + 1] = offset[p] + probes[p].K;
        int k = offset[m];
        var w = new float[k * d];
        var b = new float[k];
        for (int p = 0; p < m; p++)
        {
            probes[p].Weight.CopyTo(w.AsSpan(offset[p] * d));
            probes[p].Bias.CopyTo(b.AsSpan(offset[p]));
        }
        var vw = new float[w.Length];
        var vb = new float[b.Length];
        var gw = new float[w.Length];
        var gb = new float[b.Length];
        var z = new float[bs * k];
        var dz = new float[bs * k];
        var history = new List<PaperSgdEpoch>[m];
        for (int p = 0; p < m; p++) history[p] = new List<PaperSgdEpoch>(o.Epochs);
        var lossSum = new double[m];
        var correct = new int[m];
        bool first = true;
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            Array.Clear(lossSum);
            Array.Clear(correct);
            for (int s = 0; s < n; s += bs)
            {
                int cnt = Math.Min(bs, n - s);
                LinearScoreKernels.Scores(x, s, cnt, w, b, z);
                for (int p = 0; p < m; p++)
                {
                    int kp = probes[p].K, off = offset[p];
                    var y = probes[p].Y;
                    float batchLoss = 0;
                    for (int i = 0; i < cnt; i++)
                    {
                        int yi = y[s + i];
                        int arg = RowLossAndGradient(z.AsSpan(i * k + off, kp), yi, o.DoubleSoftmax, 1.0f / cnt, dz.AsSpan(i * k + off, kp), out float li);
                        batchLoss += li;
                        if (arg == yi) correct[p]++;
                    }
                    batchLoss /= cnt;
                    lossSum[p] += batchLoss * cnt;
                }
                Array.Clear(gw);
                Array.Clear(gb);
                LinearScoreKernels.AccumulateWeightedRows(x, s, cnt, dz, k, gw);
                for (int i = 0; i < cnt; i++)
                    for (int c = 0; c < k; c++) gb[c] += dz[i * k + c];
                Step(w, gw, vw, lr, mu, first);
                Step(b, gb, vb, lr, mu, first);
                first = false;
            }
            var test = testX is null ? null : Evaluate(testX, probes, offset, w, b, o.DoubleSoftmax);
            for (int p = 0; p < m; p++)
            {
                var (testLoss, testAcc) = test?[p] ?? (double.NaN, double.NaN);
                history[p].Add(new PaperSgdEpoch(epoch, lossSum[p] / n, (double)correct[p] / n, testLoss, testAcc));
            }
        }
        var result = new (float[], float[], PaperSgdReport)[m];
        for (int p = 0; p < m; p++)
            result[p] = (w.AsSpan(offset[p] * d, probes[p].K * d).ToArray(), b.AsSpan(offset[p], probes[p].K).ToArray(), new PaperSgdReport(history[p]));
        return result;
    }

    /// <summary>Per probe, mean loss and accuracy of the model on (x, TestY), in float32 as PyTorch's eval pass; a test
    /// label −1 marks a class unseen in training (counted wrong, left out of the loss); NaN for a probe without test labels.</summary>
    private static (double Loss, double Accuracy)?[] Evaluate(Matrix x, IReadOnlyList<PaperSgdProbe> probes, int[] offset, float[] w, float[] b, bool doubleSoftmax)
    {
        const int chunk = 1024;
        int m = probes.Count, k = offset[m];
        var z = new float[chunk * k];
        var g = new float[probes.Max(p => p.K)];
        var loss = new double[m];
        var correct = new int[m];
        var seen = new int[m];
        for (int s = 0; s < x.Rows; s += chunk)
        {
            int cnt = Math.Min(chunk, x.Rows - s);
            LinearScoreKernels.Scores(x, s, cnt, w, b, z);
            for (int p = 0; p < m; p++)
            {
                if (probes[p].TestY is not { } y) continue;
                int kp = probes[p].K;
                for (int i = 0; i < cnt; i++)
                {
                    if (y[s + i] < 0) continue;   // a class absent from training: wrong by construction, no loss term
                    int arg = RowLossAndGradient(z.AsSpan(i * k + offset[p], kp), y[s + i], doubleSoftmax, 0f, g.AsSpan(0, kp), out float li);
                    loss[p] += li;
                    seen[p]++;
                    if (arg == y[s + i]) correct[p]++;
                }
            }
        }
        var result = new (double, double)?[m];
        for (int p = 0; p < m; p++)
            if (probes[p].TestY is not null) result[p] = (seen[p] == 0 ? double.NaN : loss[p] / seen[p], (double)correct[p] / x.Rows);
        return result;
    }

    /// <summary>
    /// For one row of scores z: the model output p = softmax(z) (double softmax) or the scores themselves (plain),
    /// the loss −log softmax(out)_y, and ∂(scale·loss)/∂z into <paramref name="dz"/>. Returns argmax(out).
    /// </summary>
    private static int RowLossAndGradient(Span<float> z, int y, bool doubleSoftmax, float scale, Span<float> dz, out float loss)
    {
        int k = z.Length;
        Span<float> p = stackalloc float[k];
        Span<float> q = stackalloc float[k];
        Softmax(z, p);
        ReadOnlySpan<float> output = doubleSoftmax ? p : z;
        int arg = 0;
        for (int c = 1; c < k; c++) if (output[c] > output[arg]) arg = c;
        Softmax(output, q);   // q = softmax(output): CrossEntropyLoss's own softmax
        float max = output[arg];
        float sum = 0;
        for (int c = 0; c < k; c++) sum += MathF.Exp(output[c] - max);
        loss = -(output[y] - max - MathF.Log(sum));
        if (scale == 0) return arg;
        // dL/d(output)_c = scale·(q_c − [c = y])
        if (!doubleSoftmax)
        {
            for (int c = 0; c < k; c++) dz[c] = scale * (q[c] - (c == y ? 1f : 0f));
            return arg;
        }
        float dot = 0;
        Span<float> go = stackalloc float[k];
        for (int c = 0; c < k; c++) { go[c] = scale * (q[c] - (c == y ? 1f : 0f)); dot += go[c] * p[c]; }
        for (int c = 0; c < k; c++) dz[c] = p[c] * (go[c] - dot);
        return arg;
    }

    private static void Softmax(ReadOnlySpan<float> z, Span<float> p)
    {
        float max = z[0];
        for (int c = 1; c < z.Length; c++) max = MathF.Max(max, z[c]);
        float sum = 0;
        for (int c = 0; c < z.Length; c++) { p[c] = MathF.Exp(z[c] - max); sum += p[c]; }
        for (int c = 0; c < z.Length; c++) p[c] /= sum;
    }

    private static void Step(float[] param, float[] grad, float[] buf, float lr, float mu, bool first)
    {
        for (int i = 0; i < param.Length; i++)
        {
            buf[i] = first ? grad[i] : buf[i] * mu + grad[i];
            param[i] -= lr * buf[i];
        }
    }
}
