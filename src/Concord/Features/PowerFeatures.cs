using System.Runtime.CompilerServices;
using Concord.Numerics;
using Concord.Spectral;

namespace Concord.Features;

/// <summary>
/// Features of the dB mel spectrogram computed exactly as the authors' numpy code does on float32 data
/// (METHOD.md §4.2): the results are bit-identical to <c>np.apply_along_axis(np.median|np.mean, 0, SdB)</c> and to
/// <c>get0_power</c>.
/// </summary>
public static class PowerFeatures
{
    /// <summary>Median over mel bins per frame: med[t] = median_m SdB[m, t] (float32 arithmetic as numpy: the mean of the two
    /// middle values for an even number of bins). Length = frames.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] MedianPower(Spectrogram decibels)
    {
        ArgumentNullException.ThrowIfNull(decibels);
        int bins = decibels.Bins, frames = decibels.Frames;
        var column = new float[bins];
        var result = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            for (int m = 0; m < bins; m++) column[m] = decibels.Values[m * frames + t];
            // the middle value(s) of the sorted column, by selection; a column with NaN is sorted (selection needs a total order)
            float below, at;
            if (OrderStatistics.HasNaN<float>(column)) { Array.Sort(column); (below, at) = (column[Math.Max(0, bins / 2 - 1)], column[bins / 2]); }
            else if (bins % 2 == 1) below = at = OrderStatistics.Select<float>(column, bins / 2);
            else (below, at) = OrderStatistics.SelectPair<float>(column, bins / 2);
            result[t] = bins % 2 == 1 ? at : (float)(below + at) / 2f;
        }
        return result;
    }

    /// <summary>Mean over mel bins per frame: mean[t] = Σ_m SdB[m, t] / mels, summed in float32 with numpy's pairwise
    /// algorithm so the result equals <c>np.mean</c> on the float32 column exactly. Length = frames.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] MeanPower(Spectrogram decibels)
    {
        ArgumentNullException.ThrowIfNull(decibels);
        int bins = decibels.Bins, frames = decibels.Frames;
        var column = new float[bins];
        var result = new double[frames];
        for (int t = 0; t < frames; t++)
        {
            for (int m = 0; m < bins; m++) column[m] = decibels.Values[m * frames + t];
            result[t] = NumpyFloat32.PairwiseSum(column) / bins;
        }
        return result;
    }

    /// <summary>
    /// Time to <paramref name="thresholdDb"/> per mel bin: the 0-based index of the first frame t with SdB[m, t] ≤ threshold,
    /// or <paramref name="neverReached"/> when there is none. (The paper tests equality for −80 dB, the top_db floor; as no
    /// value lies below the floor, ≤ is the same test.) Length = mels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] TimeToDecibels(Spectrogram decibels, double thresholdDb, int neverReached)
    {
        ArgumentNullException.ThrowIfNull(decibels);
        int bins = decibels.Bins, frames = decibels.Frames;
        var result = new double[bins];
        for (int m = 0; m < bins; m++)
        {
            var row = decibels.Row(m);
            int idx = neverReached;
            for (int t = 0; t < frames; t++)
                if (row[t] <= thresholdDb) { idx = t; break; }
            result[m] = idx;
        }
        return result;
    }
}
