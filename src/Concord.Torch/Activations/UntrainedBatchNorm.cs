namespace Concord.Torch.Activations;

/// <summary>How BatchNorm behaves when extracting from an untrained model (METHOD.md §6, §10.13).</summary>
public enum UntrainedBatchNorm
{
    /// <summary>Paper quirk: <c>model.eval()</c> is never called, so BN normalises with the statistics of each fixed
    /// sequential batch (train split, then test split). pool1 and later taps depend on the batch composition.</summary>
    TrainModeFixedBatches,
    /// <summary>Corrected: eval mode, i.e. the initial running statistics (mean 0, variance 1).</summary>
    Eval,
}
