namespace Concord.Activations;

/// <summary>Element type of the written activation arrays.</summary>
public enum ActivationStorage
{
    Float32,
    /// <summary>IEEE half precision: half the disk space, ~3 significant digits.</summary>
    Float16,
}
