using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>
/// The <c>quirks</c> section: each quirk of the authors' code (METHOD.md §10) as its own switch. null = the profile's
/// value (on for <c>paper</c>, off for <c>corrected</c>); true/false overrides it, so one quirk can be flipped at a time.
/// </summary>
public sealed record QuirkSwitches
{
    /// <summary>Softmax inside the model plus cross-entropy on top (§1.1).</summary>
    public bool? DoubleSoftmax { get; init; }
    /// <summary>Training batches in the same fixed order every epoch (DataLoader shuffle=False, §5).</summary>
    public bool? FixedBatchOrder { get; init; }
    /// <summary>Test features z-scored with test statistics in the all-layer probes (§7.1).</summary>
    public bool? TestSelfStandardisation { get; init; }
    /// <summary>Deformable conv clamp-and-double boundary sampling (§2).</summary>
    public bool? DeformableClampAndDouble { get; init; }
    /// <summary>Spectral features computed with sr = 22050 on 16 kHz audio (§10.10).</summary>
    public bool? SpectralSampleRate22050 { get; init; }
    /// <summary>Time-to-dB "never reached" value 128 instead of the frame count (§10.9).</summary>
    public bool? NeverReached128 { get; init; }
    /// <summary>R²_CCA divided by the deep dimension p1 (§8.2).</summary>
    public bool? CcaDividedByDeepDimension { get; init; }
    /// <summary>Untrained networks' BatchNorm left in train mode during extraction (§6).</summary>
    public bool? UntrainedBatchNormTrainMode { get; init; }

    /// <summary>The effective value of every quirk for <paramref name="profile"/>, by config key.</summary>
    public IReadOnlyList<(string Key, bool On)> Resolve(Profile profile)
    {
        bool d = profile == Profile.Paper;
        return
        [
            ("quirks.doubleSoftmax", DoubleSoftmax ?? d), ("quirks.fixedBatchOrder", FixedBatchOrder ?? d),
            ("quirks.testSelfStandardisation", TestSelfStandardisation ?? d),
            ("quirks.deformableClampAndDouble", DeformableClampAndDouble ?? d), ("quirks.spectralSampleRate22050", SpectralSampleRate22050 ?? d),
            ("quirks.neverReached128", NeverReached128 ?? d), ("quirks.ccaDividedByDeepDimension", CcaDividedByDeepDimension ?? d),
            ("quirks.untrainedBatchNormTrainMode", UntrainedBatchNormTrainMode ?? d),
        ];
    }

    /// <summary>The effective value of one quirk.</summary>
    public bool IsOn(string key, Profile profile) => Resolve(profile).First(q => q.Key == key).On;
}
