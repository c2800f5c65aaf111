using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>The quirk profile (METHOD.md §10): <c>paper</c> reproduces the authors' code, <c>corrected</c> fixes it.</summary>
public enum Profile
{
    /// <summary>Every quirk fixed (the default).</summary>
    Corrected,
    /// <summary>Every quirk of the authors' code reproduced.</summary>
    Paper,
}
