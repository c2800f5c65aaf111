namespace Concord.Similarity;

/// <summary>How linear CKA is evaluated. Both forms give the same value (to rounding); they differ in cost.</summary>
public enum LinearCkaForm
{
    /// <summary>Pick the cheaper form: feature space costs n(p_x² + p_y²)/2 + n·p_x·p_y, Gram costs n²(p_x + p_y)/2.</summary>
    Auto,
    /// <summary><c>‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F)</c> on centred X, Y.</summary>
    FeatureSpace,
    /// <summary><c>⟨HKH, HLH⟩ / (‖HKH‖_F ‖HLH‖_F)</c> with K = XXᵀ, L = YYᵀ (n × n in memory).</summary>
    Gram,
}
