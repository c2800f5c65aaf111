using Concord.Numerics;

namespace Concord.Probes;

/// <summary>
/// The study's probe training loop in float32 (METHOD.md §7.1): for each epoch, batches [0, B), [B, 2B), … in order;
/// p = softmax(x·Wᵀ + b); loss = mean over the batch of −log softmax(p)_y (double softmax) or −log p_y;
/// gradients by the chain rule; PyTorch SGD with momentum μ (buffer v ← μv + g, first step v = g; θ ← θ − lr·v).
/// </summary>
internal static class PaperSgdTrainer
{
    public static (float[] W, float[] B, PaperSgdReport Report) Train(Matrix x, int[] y, int k, PaperSgdOptions o,
        float[] w, float[] b, Matrix? testX, int[]? testY, CancellationToken ct)
    {
        int d = x.Cols, n = x.Rows, bs = o.BatchSize;
        float lr = (float)o.LearningRate, mu = (float)o.Momentum;
        var vw = new float[w.Length];
        var vb = new float[b.Length];
        var gw = new float[w.Length];
        var gb = new float[b.Length];
        var z = new float[bs * k];
        var dz = new float[bs * k];
        var history = new List<PaperSgdEpoch>(o.Epochs);
        bool first = true;
        for (int epoch = 1; epoch <= o.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            double lossSum = 0;
            int correct = 0;
            for (int s = 0; s < n; s += bs)
            {
                int cnt = Math.Min(bs, n - s);
                LinearScoreKernels.Scores(x, s, cnt, w, b, z);
                float batchLoss = 0;
                for (int i = 0; i < cnt; i++)
                {
                    var zi = z.AsSpan(i * k, k);
                    var gi = dz.AsSpan(i * k, k);
                    int yi = y[s + i];
                    int arg = RowLossAndGradient(zi, yi, o.DoubleSoftmax, 1.0f / cnt, gi, out float li);
                    batchLoss += li;
                    if (arg == yi) correct++;
                }
                batchLoss /= cnt;
                lossSum += batchLoss * cnt;
                Array.Clear(gw);
                Array.Clear(gb);
                LinearScoreKernels.AccumulateWeightedRows(x, s, cnt, dz, k, gw);
                for (int i = 0; i < cnt; i++)
                    for (int c = 0; c < k; c++) gb[c] += dz[i * k + c];
                Step(w, gw, vw, lr, mu, first);
                Step(b, gb, vb, lr, mu, first);
                first = false;
            }
            double testLoss = double.NaN, testAcc = double.NaN;
            if (testX is not null && testY is not null) (testLoss, testAcc) = Evaluate(testX, testY, k, w, b, o.DoubleSoftmax);
            history.Add(new PaperSgdEpoch(epoch, lossSum / n, (double)correct / n, testLoss, testAcc));
        }
        return (w, b, new PaperSgdReport(history));
    }

    /// <summary>Mean loss and accuracy of the model on (x, y), in float32 as PyTorch's eval pass; y = −1 marks a class
    /// unseen in training (counted wrong, left out of the loss).</summary>
    public static (double Loss, double Accuracy) Evaluate(Matrix x, int[] y, int k, float[] w, float[] b, bool doubleSoftmax)
    {
        const int chunk = 1024;
        var z = new float[chunk * k];
        var g = new float[k];
        double loss = 0;
        int correct = 0, seen = 0;
        for (int s = 0; s < x.Rows; s += chunk)
        {
            int cnt = Math.Min(chunk, x.Rows - s);
            LinearScoreKernels.Scores(x, s, cnt, w, b, z);
            for (int i = 0; i < cnt; i++)
            {
                if (y[s + i] < 0) continue;   // a class absent from training: wrong by construction, no loss term
                int arg = RowLossAndGradient(z.AsSpan(i * k, k), y[s + i], doubleSoftmax, 0f, g, out float li);
                loss += li;
                seen++;
                if (arg == y[s + i]) correct++;
            }
        }
        return (seen == 0 ? double.NaN : loss / seen, (double)correct / x.Rows);
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
